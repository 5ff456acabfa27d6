/**
 * Hostile API responses through the whole run (`runSource` into a real local
 * store): each is either written correctly or refused with a typed error and a
 * failed manifest, and never takes the process down or leaks credentials.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { validateSource } from '../../lambdas/config/validateSource';
import { HttpError } from '../../lambdas/errors/HttpError';
import { PaginationLoopError } from '../../lambdas/errors/PaginationLoopError';
import { RunFailedError } from '../../lambdas/errors/RunFailedError';
import { UnserializableRecordError } from '../../lambdas/errors/UnserializableRecordError';
import type { Manifest } from '../../lambdas/commit/manifest';
import { runSource } from '../../lambdas/run/runSource';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import { clearSecrets } from '../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { LocalStore } from '../../lambdas/sink/LocalStore';
import { startFakeApi, STUCK_CURSOR } from '../support/fakeApi';
import type { FakeApi } from '../support/fakeApi';
import { startHostileServer } from './support/hostileServer';
import type { HostileServer } from './support/hostileServer';

const TOKEN = 'SECRET-hostile-bearer-51c0de';
const API_KEY = 'SECRET-hostile-key-9e7a44';

let dir: string;
let store: LocalStore;
let api: FakeApi;
let server: HostileServer | undefined;

beforeAll(async () => {
  api = await startFakeApi({ collections: { items: 25 } });
});
afterAll(() => api.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-hostile-'));
  store = new LocalStore(dir);
  api.clearLog();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  clearSecrets();
  rmSync(dir, { recursive: true, force: true });
});

function source(baseUrl: string, endpoint: Record<string, unknown>, client: Record<string, unknown> = {}): ReturnType<typeof validateSource> {
  return validateSource({ name: 'hostile', client: { base_url: baseUrl, retries: { limit: 0 }, ...client }, resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data', ...endpoint } }] });
}

const secrets = new FileSecretStore({ '/sluice/hostile/token': TOKEN, '/sluice/hostile/key': API_KEY });

function run(src: ReturnType<typeof validateSource>): Promise<RunSummary> {
  return runSource({ source: src, store, secrets, trigger: 'manual' });
}

/** Runs `src`, expecting failure; returns the error and the failed manifest. */
async function failedRun(src: ReturnType<typeof validateSource>): Promise<{ error: RunFailedError; manifest: Manifest }> {
  const error = await run(src).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RunFailedError);
  const failed = error as RunFailedError;
  const manifest = JSON.parse(((await store.get(failed.summary.manifest_key as string)) as Buffer).toString('utf8')) as Manifest;
  expect(manifest.status).toBe('failed');
  // Nothing committed: no state pointer, so the next run starts where the last good one ended.
  expect(await store.get('hostile/_state/latest.json')).toBeUndefined();
  return { error: failed, manifest };
}

async function writtenLines(summary: RunSummary): Promise<Buffer> {
  const manifest = JSON.parse(((await store.get(summary.manifest_key as string)) as Buffer).toString('utf8')) as Manifest;
  const parts = await Promise.all(manifest.resources.items.files.map(async (f) => gunzipSync((await store.get(f.key)) as Buffer)));
  return Buffer.concat(parts);
}

describe('hostile responses', () => {
  it('fails the run with a typed error naming the record when a record is nested 10,000 levels deep', async () => {
    const depth = 10_000;
    server = await startHostileServer(() => ({ body: `{"data":[{"id":1,"deep":${'['.repeat(depth)}${']'.repeat(depth)}}]}` }));

    const { error, manifest } = await failedRun(source(server.url, { paginator: 'single_page' }));

    expect(error.cause).toBeInstanceOf(UnserializableRecordError);
    expect(error.message).toMatch(/resource "items": page 0, record 0 cannot be written as JSON .*nested too deeply/);
    expect(manifest.error).toMatch(/nested too deeply/);
    // The process is fine: the same source runs again once the API behaves.
    await server.close();
    server = await startHostileServer(() => ({ body: { data: [{ id: 1, deep: [[[[]]]] }] } }));
    expect((await run(source(server.url, { paginator: 'single_page' }))).status).toBe('succeeded');
  });

  it('writes a record nested 500 levels deep exactly as received', async () => {
    const deep = JSON.parse(`${'{"a":'.repeat(500)}1${'}'.repeat(500)}`) as unknown;
    server = await startHostileServer(() => ({ body: { data: [{ id: 1, deep }] } }));

    const summary = await run(source(server.url, { paginator: 'single_page' }));

    expect(JSON.parse((await writtenLines(summary)).toString('utf8'))).toEqual({ id: 1, deep });
  });

  it('writes a single 20 MB record byte for byte', async () => {
    const blob = Array.from({ length: 20 * 1024 }, (_, i) => `${i.toString(36).padStart(4, '0')}`.repeat(256)).join('');
    expect(blob.length).toBe(20 * 1024 * 1024);
    server = await startHostileServer(() => ({ body: { data: [{ id: 1, blob }, { id: 2 }] } }));

    const summary = await run(source(server.url, { paginator: 'single_page' }));

    expect(summary.resources.items).toMatchObject({ records: 2, files: 1 });
    const lines = (await writtenLines(summary)).toString('utf8').split('\n').filter(Boolean);
    const first = JSON.parse(lines[0]) as { blob: string };
    expect(createHash('sha256').update(first.blob).digest('hex')).toBe(createHash('sha256').update(blob).digest('hex'));
    expect(JSON.parse(lines[1])).toEqual({ id: 2 });
  });

  it('replaces invalid UTF-8 bytes with U+FFFD and writes valid UTF-8', async () => {
    const body = Buffer.concat([Buffer.from('{"data":[{"id":1,"name":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b'), Buffer.from([0xe2, 0x82]), Buffer.from('"}]}')]);
    server = await startHostileServer(() => ({ body }));

    const summary = await run(source(server.url, { paginator: 'single_page' }));

    const bytes = await writtenLines(summary);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ id: 1, name: 'a\uFFFD\uFFFDb\uFFFD' });
  });

  it('follows a next URL on another origin without the Authorization header or the API key', async () => {
    const next = `${api.baseUrl}/public/json-link/items?per_page=10`;
    server = await startHostileServer((request) =>
      request.headers.authorization === `Bearer ${TOKEN}` && request.url.includes(`key=${API_KEY}`)
        ? { body: { data: [{ id: 0 }], paging: { next } } }
        : { status: 401, body: { error: 'unauthorized' } },
    );
    const src = validateSource({
      name: 'hostile',
      client: {
        base_url: server.url,
        auth: { type: 'api_key', name: 'key', api_key: { secret: 'key' }, location: 'query' },
        headers: { Authorization: { secret: 'token' } },
        retries: { limit: 0 },
      },
      resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data', paginator: { type: 'json_link', next_url_path: 'paging.next' } } }],
    });
    // The secret store holds the whole header value.
    const bearerSecrets = new FileSecretStore({ '/sluice/hostile/token': `Bearer ${TOKEN}`, '/sluice/hostile/key': API_KEY });

    const summary = await runSource({ source: src, store, secrets: bearerSecrets, trigger: 'manual' });

    expect(summary.resources.items.records).toBe(26);
    expect(api.requests.length).toBe(3);
    for (const request of api.requests) {
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers['x-api-key']).toBeUndefined();
      expect(request.query.key).toBeUndefined();
      expect(JSON.stringify(request)).not.toContain(TOKEN);
      expect(JSON.stringify(request)).not.toContain(API_KEY);
    }
  });

  it('refuses a next URL on a host outside allowed_hosts, before sending it', async () => {
    server = await startHostileServer(() => ({ body: { data: [{ id: 1 }], paging: { next: `http://localhost:${api.port}/public/json-link/items` } } }));

    const { error, manifest } = await failedRun(source(server.url, { paginator: { type: 'json_link', next_url_path: 'paging.next' } }, { allowed_hosts: ['api.example.com'] }));

    expect(error.cause).toBeInstanceOf(HttpError);
    expect((error.cause as HttpError).reason).toBe('host_not_allowed');
    expect(error.message).toMatch(new RegExp(`host "localhost:${api.port}" is not in client.allowed_hosts`));
    expect(manifest.resources.items?.files ?? []).toEqual([]);
    expect(api.requests).toEqual([]);
  });

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/items', 'javascript:alert(1)', 'data:application/json,{"data":[]}'])(
    'refuses a next URL with a non-http scheme: %s',
    async (next) => {
      server = await startHostileServer(() => ({ body: { data: [{ id: 1 }], paging: { next } } }));

      const { error } = await failedRun(source(server.url, { paginator: { type: 'json_link', next_url_path: 'paging.next' } }));

      expect((error.cause as HttpError).reason).toBe('scheme_not_allowed');
      expect(error.message).toMatch(/only http\(s\) is followed/);
      expect(server.requests).toHaveLength(1);
    },
  );

  it('stops a cursor that never changes with PaginationLoopError and a failed manifest', async () => {
    const src = source(api.baseUrl, { path: '/public/stuck-cursor/items', params: { limit: 5 }, paginator: { type: 'cursor', cursor_path: 'next_cursor' } });

    const { error, manifest } = await failedRun(src);

    expect(error.cause).toBeInstanceOf(PaginationLoopError);
    expect(error.message).toMatch(new RegExp(`resource "items": .*${STUCK_CURSOR}.* a second time`));
    expect(manifest.error).toMatch(/a second time/);
    // Pages 1 and 2 were fetched (cursor null, then "stuck"); the third request is never sent.
    expect(api.requests.length).toBeLessThanOrEqual(3);
    expect(manifest.resources.items?.state).toBeUndefined();
  });
});
