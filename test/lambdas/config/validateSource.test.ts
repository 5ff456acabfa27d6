import { issuesOf } from './support/issuesOf';
import type { ConfigValidationError } from '../../../lambdas/errors/ConfigValidationError';
import { validateSource } from '../../../lambdas/config/validateSource';

const valid = {
  name: 'acme',
  client: {
    base_url: 'https://api.acme.test/v1/',
    auth: { type: 'bearer', token: { secret: 'api_token' } },
    paginator: { type: 'json_link', next_url_path: 'paging.next' },
  },
  resource_defaults: { endpoint: { params: { per_page: 100 } } },
  resources: [
    'users',
    {
      name: 'issues',
      endpoint: {
        path: 'issues',
        data_selector: 'data',
        incremental: { cursor_path: 'updated_at', initial_value: '2024-01-01T00:00:00Z', start_param: 'since' },
      },
    },
    { name: 'comments', endpoint: { path: 'issues/{resources.issues.id}/comments' }, include_from_parent: ['id'] },
  ],
};

function withResource(resource: unknown): unknown {
  return { ...valid, resources: [...valid.resources, resource] };
}

describe('validateSource', () => {
  it('accepts the issue example and normalizes it', () => {
    const source = validateSource(valid);
    expect(source.resources.map((r) => r.name)).toEqual(['users', 'issues', 'comments']);
    expect(source.resources[2].parent).toEqual({ resource: 'issues', fields: ['id'], includeFromParent: ['id'] });
    expect(source.resources[0].endpoint.params).toEqual({ per_page: 100 });
  });

  it.each<[string, unknown, string, RegExp]>([
    ['an unknown top-level key', { ...valid, shedule: 'rate(1 hour)' }, '', /unknown key "shedule"/],
    ['a typo inside the client', { ...valid, client: { ...valid.client, timeout: 5 } }, 'client', /unknown key "timeout"/],
    ['a bad base_url', { ...valid, client: { ...valid.client, base_url: 'ftp://x' } }, 'client.base_url', /http\(s\) URL/],
    ['a plaintext token', { ...valid, client: { ...valid.client, auth: { type: 'bearer', token: 'abc' } } }, 'client.auth.token', /secret reference/],
    ['an unknown auth type', { ...valid, client: { ...valid.client, auth: { type: 'kerberos' } } }, 'client.auth.type', /unknown auth type/],
    ['an unknown paginator type', { ...valid, client: { ...valid.client, paginator: { type: 'offsett' } } }, 'client.paginator.type', /accepted/],
    ['an offset paginator without limit', withResource({ name: 'x', endpoint: { paginator: { type: 'offset' } } }), 'resources[3].endpoint.paginator.limit', /required/],
    ['an unknown paginator field', withResource({ name: 'x', endpoint: { paginator: { type: 'cursor', cursor_parm: 'after' } } }), 'resources[3].endpoint.paginator', /cursor_parm/],
    ['a bad method', withResource({ name: 'x', endpoint: { method: 'TRACE' } }), 'resources[3].endpoint.method', /one of GET, POST, PUT, PATCH, DELETE \(any case\)/],
    ['an incremental without cursor_path', withResource({ name: 'x', endpoint: { incremental: { initial_value: 1 } } }), 'resources[3].endpoint.incremental.cursor_path', /required/],
    ['a negative lag', withResource({ name: 'x', endpoint: { incremental: { cursor_path: 'id', lag: -1 } } }), 'resources[3].endpoint.incremental.lag', /./],
    ['an empty response action', withResource({ name: 'x', endpoint: { response_actions: [{ action: 'ignore' }] } }), 'resources[3].endpoint.response_actions[0]', /status_code, content or both/],
    ['an unknown response action', withResource({ name: 'x', endpoint: { response_actions: [{ status_code: 404, action: 'skip' }] } }), 'resources[3].endpoint.response_actions[0].action', /"ignore"/],
    ['a duplicate resource name', withResource('users'), 'resources[3].name', /duplicate resource name "users"/],
    ['a placeholder naming no resource', withResource({ name: 'x', endpoint: { path: 'a/{resources.nope.id}' } }), 'resources[3].endpoint', /names no resource/],
    ['a bad schedule', { ...valid, schedule: 'every hour' }, 'schedule', /EventBridge Scheduler/],
    ['a bad time zone', { ...valid, timezone: 'Mars/Olympus' }, 'timezone', /IANA/],
    ['a bad source name', { ...valid, name: 'Acme Corp' }, 'name', /lowercase/],
  ])('names the field path for %s', (_label, definition, path, message) => {
    const issues = issuesOf(definition);
    const issue = issues.find((i) => i.path === path);
    expect(issue).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  describe('credential headers', () => {
    it.each<[string, unknown, string]>([
      ['a plaintext X-Auth-Token in client.headers', { ...valid, client: { ...valid.client, headers: { 'X-Auth-Token': 'plainTOKEN12345' } } }, 'client.headers["X-Auth-Token"]'],
      ['a plaintext Bearer value in client.headers', { ...valid, client: { ...valid.client, headers: { 'X-Whatever': 'Bearer abc.def' } } }, 'client.headers["X-Whatever"]'],
      ['a plaintext Authorization in resource_defaults', { ...valid, resource_defaults: { endpoint: { headers: { Authorization: 'Basic dXNlcjpwdw==' } } } }, 'resource_defaults.endpoint.headers.Authorization'],
      ['a plaintext Cookie on an endpoint', withResource({ name: 'x', endpoint: { headers: { Cookie: 'session=abc123456' } } }), 'resources[3].endpoint.headers.Cookie'],
      ['a plaintext *-Key on an endpoint', withResource({ name: 'x', endpoint: { headers: { 'X-Api-Key': 'k-12345678' } } }), 'resources[3].endpoint.headers["X-Api-Key"]'],
    ])('refuses %s, naming the field', (_label, definition, path) => {
      const issue = issuesOf(definition).find((i) => i.path === path);
      expect(issue?.message).toMatch(/carries a credential .* must be a secret reference/);
    });

    it('accepts credential headers as references, plain ones as strings, and plaintext credentials with allow_plaintext_secrets', () => {
      expect(() => validateSource({ ...valid, client: { ...valid.client, headers: { 'X-Auth-Token': { secret: 'token' }, Accept: 'application/json', 'X-Team': 'core' } } })).not.toThrow();
      expect(() => validateSource({ ...valid, allow_plaintext_secrets: true, client: { ...valid.client, headers: { 'X-Auth-Token': 'plainTOKEN12345' } } })).not.toThrow();
    });
  });

  describe('credential query parameters and body fields', () => {
    it.each<[string, unknown, string]>([
      ['a plaintext api_key in endpoint params', withResource({ name: 'x', endpoint: { params: { api_key: 'plain123456789' } } }), 'resources[3].endpoint.params.api_key'],
      ['a plaintext access_token in resource_defaults params', { ...valid, resource_defaults: { endpoint: { params: { access_token: 'plain123456789' } } } }, 'resource_defaults.endpoint.params.access_token'],
      ['a plaintext client_secret deep in a json body', withResource({ name: 'x', endpoint: { method: 'POST', json: { auth: { client_secret: 'plain123456789' } } } }), 'resources[3].endpoint.json.auth.client_secret'],
      ['a plaintext password in a data form', withResource({ name: 'x', endpoint: { method: 'POST', data: { user: 'etl', password: 'plain123456789' } } }), 'resources[3].endpoint.data.password'],
      ['a plaintext token in a form-encoded data string', withResource({ name: 'x', endpoint: { method: 'POST', data: 'user=etl&token=plain123456789' } }), 'resources[3].endpoint.data.token'],
    ])('refuses %s, naming the field', (_label, definition, path) => {
      const issue = issuesOf(definition).find((i) => i.path === path);
      expect(issue?.message).toMatch(/carries a credential \(its name says so\): it must be a secret reference/);
    });

    it('accepts references, templated values, other names, and plaintext credentials with allow_plaintext_secrets', () => {
      const endpoint = { params: { api_key: { secret: 'api_key' }, page_token: '{incremental.start_value}', sort: 'key', q: 'token' }, json: { key: { ssm: '/x/key' } }, incremental: { cursor_path: 'id', initial_value: 0 } };
      expect(() => validateSource(withResource({ name: 'x', endpoint: { ...endpoint, method: 'POST' } }))).not.toThrow();
      expect(() => validateSource({ ...(withResource({ name: 'x', endpoint: { params: { api_key: 'plain123456789' } } }) as object), allow_plaintext_secrets: true })).not.toThrow();
    });
  });

  it('reports every problem of a file together, naming the file', () => {
    const definition = { ...valid, name: 'Bad Name', client: { ...valid.client, timeout_ms: -1 }, resources: [{ name: 'x', endpoint: { method: 'TRACE' } }] };
    let error: ConfigValidationError | undefined;
    try {
      validateSource(definition, { file: 'sources/acme.json' });
    } catch (e) {
      error = e as ConfigValidationError;
    }
    expect(error?.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['name', 'client.timeout_ms', 'resources[0].endpoint.method']));
    expect(error?.message).toMatch(/^sources\/acme\.json: invalid source definition \(3 problems\)/);
  });

  it.each([
    ['cron(99 99 * * ? *)', [/minutes "99" is outside 0-59/, /hours "99" is outside 0-23/]],
    ['cron(a b c d ? f)', [/minutes "a" is not a number in 0-59/, /hours "b" is not a number in 0-23/, /day-of-month "c" is not a number in 1-31/, /month "d" is not a number in 1-12 or JAN-DEC/, /year "f" is not a number in 1970-2199/]],
    ['cron(0 2 32 * ? *)', [/day-of-month "32" is outside 1-31/]],
    ['cron(0 2 ? 13 MON *)', [/month "13" is outside 1-12 or JAN-DEC/]],
    ['cron(0 2 ? * 8 *)', [/day-of-week "8" is outside 1-7 or SUN-SAT/]],
    ['cron(0 2 ? * MON#6 *)', [/day-of-week "MON#6": the week after "#" must be 1-5/]],
    ['cron(0/0 2 * * ? *)', [/minutes "0\/0": the step after "\/" must be a whole number of at least 1/]],
    ['rate(0 minutes)', [/rate value "0" must be a whole number of at least 1/]],
    ['rate(x hours)', [/rate value "x" must be a whole number of at least 1/]],
    ['rate(2 weeks)', [/rate unit "weeks" must be minute\(s\), hour\(s\) or day\(s\)/]],
  ])('rejects the schedule %s with one issue per bad field, naming its range', (schedule, messages) => {
    const issues = issuesOf({ ...valid, schedule }).filter((i) => i.path === 'schedule');
    expect(issues).toHaveLength(messages.length);
    messages.forEach((message, i) => expect(issues[i].message).toMatch(message));
  });

  it('refuses a self-parent that resource_defaults gives to resources named by a string', () => {
    // Validated, then recursed until the stack overflowed; later ran "succeeded" with 0 pages.
    const definition = {
      name: 'rec',
      client: { base_url: 'https://api.example.com' },
      resource_defaults: { endpoint: { params: { uid: '{resources.users.id}' } } },
      resources: ['users', 'posts'],
    };
    const issues = issuesOf(definition);
    expect(issues).toContainEqual({
      path: 'resource_defaults.endpoint.params.uid',
      message: 'resource "users" cannot be its own parent (resources[0], from resource_defaults.endpoint.params.uid, which applies to every resource)',
    });
  });

  it('finds a parent cycle that resource_defaults closes between string resources', () => {
    const definition = {
      name: 'cyc',
      client: { base_url: 'https://api.example.com' },
      resource_defaults: { endpoint: { params: { uid: '{resources.b.id}' } } },
      resources: [{ name: 'b', endpoint: { path: 'b', params: { uid: '{resources.a.id}' } } }, 'a'],
    };
    expect(issuesOf(definition)).toContainEqual({ path: 'resources', message: 'parent references form a cycle: b → a → b' });
  });

  it('requires schedule only for deployment', () => {
    expect(() => validateSource(valid)).not.toThrow();
    expect(() => validateSource(valid, { requireSchedule: true })).toThrow(/schedule: required to deploy/);
  });
});

describe('validateSource: a built-in auth block with several wrong fields', () => {
  it('reports those fields, not the custom branch of the auth union', () => {
    expect(
      issuesOf({ name: 'acme', allow_plaintext_secrets: true, client: { base_url: 'https://api.example.test', auth: { type: 'api_key', api_key: 3, location: 'body' } }, resources: ['a'] }),
    ).toEqual([
      { path: 'client.auth.api_key', message: expect.stringMatching(/^expected /) },
      { path: 'client.auth.location', message: expect.stringMatching(/^got "body"; accepted: "header", "query", "param", "cookie"/) },
    ]);
  });
});
