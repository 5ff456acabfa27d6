/**
 * dlt's auth and request forms through `sluice run` against the fake API:
 * `api_key` in a cookie or a `param`, `{"token": …}` alone as bearer, `"auth":
 * "bearer"` refused naming its missing token, `method` in any case with PUT,
 * PATCH and DELETE, and `data` sent as a form body.
 */
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { runDltSource, writeDltSource, writtenRecords } from './support/dltSource';
import { runCli, tempDir, writeJson } from './support/runCli';

describe('dlt auth and requests', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 5 } });
  });
  afterAll(() => api.close());
  beforeEach(() => api.clearLog());

  const secretsFor = (name: string, values: Record<string, string>): string =>
    writeJson(tempDir(), 'secrets.json', Object.fromEntries(Object.entries(values).map(([k, v]) => [`/sluice/${name}/${k}`, v])));

  it.each([
    ['cookie', 'apikey-cookie', (r: FakeApi['requests'][number]) => r.headers.cookie, 'api_key=test-api-key'],
    ['param (dlt\'s alias of query)', 'apikey-query', (r: FakeApi['requests'][number]) => r.query.api_key, 'test-api-key'],
  ])('sends an api_key with location %s', async (_label, scheme, sent, expected) => {
    const name = `dlt-api-key-${scheme}`;
    const location = scheme === 'apikey-cookie' ? 'cookie' : 'param';
    const source = writeDltSource({
      name,
      client: { base_url: `${api.baseUrl}/${scheme}/single/`, auth: { type: 'api_key', name: 'api_key', api_key: { secret: 'key' }, location } },
      resources: ['items'],
    });
    const run = await runDltSource(source, ['--secrets-file', secretsFor(name, { key: api.credentials.apiKey })]);
    expect(run.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 5 } } });
    expect(api.requests.map(sent)).toEqual([expected]);
  });

  it('reads {"token": …} without a type as bearer', async () => {
    const source = writeDltSource({ name: 'dlt-token-only', client: { base_url: `${api.baseUrl}/bearer/single/`, auth: { token: { secret: 'token' } } }, resources: ['items'] });
    const run = await runDltSource(source, ['--secrets-file', secretsFor('dlt-token-only', { token: api.credentials.bearerToken })]);
    expect(run.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 5 } } });
    expect(api.requests[0].headers.authorization).toBe(`Bearer ${api.credentials.bearerToken}`);
  });

  it('refuses "auth": "bearer" as a string, naming the missing token', async () => {
    const source = writeDltSource({ name: 'dlt-auth-string', client: { base_url: `${api.baseUrl}/bearer/single/`, auth: 'bearer' }, resources: ['items'] });
    const result = await runCli(['validate', source.file]);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain('client.auth: auth "bearer" as a string has no "token"');
    expect(result.stdout + result.stderr).not.toContain('client.auth: expected');
  });

  it('sends method in any case, PUT, PATCH and DELETE included, and data as a form body', async () => {
    const source = writeDltSource({
      name: 'dlt-methods',
      client: { base_url: `${api.baseUrl}/public/` },
      resources: [
        { name: 'put', endpoint: { path: 'echo', method: 'put', json: { a: 1 } } },
        { name: 'patch', endpoint: { path: 'echo', method: 'Patch', json: { a: 2 } } },
        { name: 'delete', endpoint: { path: 'echo', method: 'DELETE' } },
        { name: 'form', endpoint: { path: 'echo', method: 'post', data: { grant: 'all', note: 'a b&c' } } },
      ],
    });
    const run = await runDltSource(source);
    expect(run.summary).toMatchObject({ status: 'succeeded' });
    expect(api.requests.map((r) => [r.method, r.headers['content-type'], r.body])).toEqual([
      ['PUT', 'application/json', '{"a":1}'],
      ['PATCH', 'application/json', '{"a":2}'],
      ['DELETE', undefined, ''],
      ['POST', 'application/x-www-form-urlencoded', 'grant=all&note=a+b%26c'],
    ]);
    expect(writtenRecords(source, 'form')).toEqual([{ method: 'POST', content_type: 'application/x-www-form-urlencoded', body: 'grant=all&note=a+b%26c' }]);
  });
});
