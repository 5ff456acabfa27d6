import { validateSource } from '../../../lambdas/config/validateSource';
import { buildRequest } from '../../../lambdas/request/buildRequest';

const source = validateSource({
  name: 'acme',
  client: { base_url: 'https://api.acme.test/v1', headers: { 'X-Key': { secret: 'key' }, Accept: 'application/json' } },
  resources: [
    'users',
    {
      name: 'events',
      endpoint: {
        path: '/users/{resources.users.id}/events',
        method: 'POST',
        params: { per_page: 50 },
        json: { user: '{resources.users.id}', window: { from: '{incremental.start_value}', note: 'since {incremental.start_value}' } },
        headers: { 'X-User': 'u-{resources.users.id}' },
        incremental: { cursor_path: 'at', initial_value: 0, start_param: 'after', end_param: 'before', end_value: 99 },
      },
    },
  ],
});

describe('buildRequest', () => {
  it('joins the path, expands placeholders keeping JSON types, sets start/end params and resolves headers', () => {
    const events = source.resources.find((r) => r.name === 'events');
    if (!events) throw new Error('no events resource');
    const request = buildRequest(events, { parent: { id: 7 }, incremental: { start_value: 10, end_value: 99 } }, (v) => (typeof v === 'string' ? v : 'resolved-secret'), source.client.baseUrl);
    expect(request).toEqual({
      method: 'POST',
      url: 'https://api.acme.test/v1/users/7/events',
      params: { per_page: 50, after: 10, before: 99 },
      headers: { 'X-Key': 'resolved-secret', Accept: 'application/json', 'X-User': 'u-7' },
      json: { user: 7, window: { from: 10, note: 'since 10' } },
    });
  });
});
