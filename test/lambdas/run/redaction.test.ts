/**
 * Redaction protects without corrupting: only credentials are scrubbed from
 * records, each changed value is counted in the manifest, identifiers resolved
 * from SSM stay as the API sent them (also in the requests built from them),
 * and checkpoints are redacted value by value.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSource } from '../../../lambdas/config/validateSource';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import { ShortSecretError } from '../../../lambdas/errors/ShortSecretError';
import type { Manifest } from '../../../lambdas/commit/manifest';
import { runSource } from '../../../lambdas/run/runSource';
import type { RunSummary } from '../../../lambdas/run/runSource';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { clearSecrets } from '../../../lambdas/secrets/Redactor';
import { createStderrLogger } from '../../../lambdas/observability/StderrLogger';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { startHostileServer } from '../../security/support/hostileServer';
import type { HostileServer } from '../../security/support/hostileServer';
import { readJson, readPart } from './runSource.fixtures';

let server: HostileServer;
let store: LocalStore;
const PASSWORD = 'pw-Secret-12345';

beforeAll(async () => {
  server = await startHostileServer((request) => {
    const url = new URL(request.url, 'http://x');
    if (url.pathname === '/users') return { body: { data: [{ id: 1, email: 'ops@acme.com', note: `password ${PASSWORD}`, login: 'ops@acme.com' }] } };
    if (url.pathname === '/users/ops%40acme.com/tickets') return { body: { data: [{ id: 9, owner: 'ops@acme.com' }] } };
    if (url.pathname === '/items') {
      // The shard header's value, 10000, is also the total: a number that must stay a number.
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const all = [1, 2, 3, 4].map((id) => ({ id, shard: 10000 }));
      return { body: { total: 10000, data: all.slice(offset, offset + 2) } };
    }
    return { status: 404, body: { error: 'no route' } };
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  store = new LocalStore(mkdtempSync(join(tmpdir(), 'sluice-redaction-')));
});
afterEach(() => clearSecrets());

describe('redaction of records', () => {
  it('keeps identifiers resolved from SSM, scrubs only the credential and counts it in the manifest', async () => {
    const source = validateSource({
      name: 'acme',
      client: {
        base_url: server.url,
        paginator: 'single_page',
        auth: { type: 'http_basic', username: { ssm: '/t/username' }, password: { ssm: '/t/password' } },
      },
      resources: [
        { name: 'users', endpoint: { path: 'users', data_selector: 'data' } },
        { name: 'tickets', endpoint: { path: 'users/{resources.users.email}/tickets', data_selector: 'data' } },
      ],
    });
    const secrets = new FileSecretStore({ '/t/username': 'ops@acme.com', '/t/password': PASSWORD }, 'test secrets');

    const lines: string[] = [];
    const logger = createStderrLogger({ json: true, write: (line) => lines.push(line) });
    const summary = await runSource({ source, store, secrets, trigger: 'manual', logger });

    expect(summary.status).toBe('succeeded');
    // The logs count the replacements too: per page that had any, and per resource.
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.filter((l) => l.message === 'credentials replaced by *** in records')).toEqual([expect.objectContaining({ resource: 'users', page: 0, redacted_values: 1 })]);
    expect(logged.filter((l) => l.message === 'resource done').map((l) => [l.resource, l.redacted_values])).toEqual([['users', 1], ['tickets', 0]]);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    const manifest = await readJson<Manifest>(store, summary.manifest_key as string);
    expect(await readPart(store, manifest.resources.users.files[0].key)).toEqual([
      { id: 1, email: 'ops@acme.com', note: 'password ***', login: 'ops@acme.com' },
    ]);
    expect(await readPart(store, manifest.resources.tickets.files[0].key)).toEqual([{ id: 9, owner: 'ops@acme.com' }]);
    expect(server.requests.map((r) => r.url)).toContain('/users/ops%40acme.com/tickets');
    expect(server.requests.map((r) => r.url).join('\n')).not.toContain('***');
    expect(manifest.resources.users.redacted_values).toBe(1);
    expect(manifest.resources.tickets.redacted_values).toBe(0);
  });
});

describe('short credentials', () => {
  const shardSource = (extra: Record<string, unknown> = {}): ReturnType<typeof validateSource> =>
    validateSource({
      name: 'shards',
      client: { base_url: server.url, headers: { 'X-Shard': { ssm: '/t/shard' } }, paginator: { type: 'offset', limit: 2, total_path: 'total' } },
      resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data' } }],
      ...extra,
    });
  const shardSecrets = (): FileSecretStore => new FileSecretStore({ '/t/shard': '10000' }, 'test secrets');

  it('refuses a credential shorter than 8 characters before any request, naming the parameter and the field', async () => {
    const error = await runSource({ source: shardSource(), store, secrets: shardSecrets(), trigger: 'manual' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RunFailedError);
    const cause = (error as RunFailedError).cause;
    expect(cause).toBeInstanceOf(ShortSecretError);
    expect(cause).toMatchObject({ kind: 'input', code: 'secret_invalid' });
    expect((cause as Error).message).toContain('/t/shard (referred to by client.headers["X-Shard"]) has 5 characters');
    expect((cause as Error).message).not.toContain('10000');
    expect(server.requests).toHaveLength(0);
  });

  it('with allow_short_secrets, sends it and keeps a number equal to it a number in every checkpoint', async () => {
    const source = shardSource({ allow_short_secrets: true });
    const checkpoints: string[] = [];
    let summary: RunSummary;
    let next: string | undefined;
    do {
      const queued: string[] = [];
      summary = await runSource({
        source,
        store,
        secrets: shardSecrets(),
        trigger: 'manual',
        checkpointKey: next,
        remainingTimeMs: () => 0,
        continueRun: async (key) => void queued.push(key),
      });
      next = queued[0];
      if (next) checkpoints.push((await store.get(next))!.toString('utf8'));
    } while (next);

    expect(summary.status).toBe('succeeded');
    expect(checkpoints.length).toBeGreaterThanOrEqual(1);
    for (const text of checkpoints) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(text).toContain('"total":10000');
    }
    expect(server.requests[0].headers['x-shard']).toBe('10000');
    const manifest = await readJson<Manifest>(store, summary.manifest_key as string);
    const records = (await Promise.all(manifest.resources.items.files.map((f) => readPart(store, f.key)))).flat();
    expect(records).toEqual([1, 2, 3, 4].map((id) => ({ id, shard: 10000 })));
  });
});
