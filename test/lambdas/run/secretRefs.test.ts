/**
 * Secrets where users put them: a secret reference in `params`, `json` or
 * `headers` (client, defaults or endpoint) is resolved, sent, registered for
 * redaction, and never carried to another origin.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSource } from '../../../lambdas/config/validateSource';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import type { Manifest } from '../../../lambdas/commit/manifest';
import { runSource } from '../../../lambdas/run/runSource';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { clearSecrets } from '../../../lambdas/secrets/Redactor';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { errorText } from '../../security/support/leakScan';
import { readJson, readPart } from './runSource.fixtures';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}
interface Server {
  readonly url: string;
  readonly requests: Seen[];
  close(): Promise<void>;
}

/** A loopback server that logs each request with its body and answers with `respond`. */
async function serve(respond: (request: Seen, res: ServerResponse) => void): Promise<Server> {
  const requests: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      respond(seen, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

function json(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const PARAM_SECRET = 'prm~Secret!(1)/x';
const BODY_SECRET = 'body-Secret-98765';
const HEADER_SECRET = 'hdr-Secret-24680';
const secrets = (): FileSecretStore =>
  new FileSecretStore({ '/t/param': PARAM_SECRET, '/t/body': BODY_SECRET, '/t/header': HEADER_SECRET }, 'test secrets');

let servers: Server[] = [];
let store: LocalStore;
beforeEach(() => {
  store = new LocalStore(mkdtempSync(join(tmpdir(), 'sluice-refs-')));
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clearSecrets();
});
async function started(respond: (request: Seen, res: ServerResponse) => void): Promise<Server> {
  const server = await serve(respond);
  servers.push(server);
  return server;
}

describe('secret references in params, json and headers', () => {
  it('resolves them, sends the values and redacts their echoes from records, counted', async () => {
    const api = await started((req, res) =>
      json(res, { data: [{ id: 1, echo_query: req.url, echo_body: req.body, echo_header: String(req.headers['x-team-token']) }] }),
    );
    const source = validateSource({
      name: 'refs',
      client: { base_url: api.url, paginator: 'single_page', headers: { 'X-Team-Token': { ssm: '/t/header' } } },
      resources: [
        {
          name: 'search',
          endpoint: { path: 'search', method: 'POST', data_selector: 'data', params: { token: { ssm: '/t/param' }, q: 'x' }, json: { auth: { key: { ssm: '/t/body' } }, limit: 5 } },
        },
      ],
    });

    const summary = await runSource({ source, store, secrets: secrets(), trigger: 'manual' });

    expect(summary.status).toBe('succeeded');
    const sent = api.requests[0];
    expect(new URL(sent.url, api.url).searchParams.get('token')).toBe(PARAM_SECRET);
    expect(sent.url).not.toContain('%7B');
    expect(JSON.parse(sent.body)).toEqual({ auth: { key: BODY_SECRET }, limit: 5 });
    expect(sent.headers['x-team-token']).toBe(HEADER_SECRET);
    const manifest = await readJson<Manifest>(store, summary.manifest_key as string);
    const [record] = (await readPart(store, manifest.resources.search.files[0].key)) as Array<Record<string, string>>;
    expect(record.echo_header).toBe('***');
    expect(record.echo_query).toMatch(/token=\*\*\*/);
    expect(record.echo_body).toBe('{"auth":{"key":"***"},"limit":5}');
    expect(manifest.resources.search.redacted_values).toBe(3);
  });

  it('sends a next link on another origin without the secret param or the secret header', async () => {
    const other = await started((_req, res) => json(res, { data: [{ id: 2 }], next: null }));
    const api = await started((req, res) => json(res, { data: [{ id: 1 }], next: `${other.url}/items${req.url.slice('/items'.length)}&page=2` }));
    const source = validateSource({
      name: 'refs',
      client: { base_url: api.url, headers: { 'X-Team-Token': { ssm: '/t/header' } } },
      resources: [{ name: 'items', endpoint: { data_selector: 'data', params: { token: { ssm: '/t/param' } }, paginator: { type: 'json_link', next_url_path: 'next' } } }],
    });

    const summary = await runSource({ source, store, secrets: secrets(), trigger: 'manual' });

    expect(summary.status).toBe('succeeded');
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0].url).toBe('/items?page=2');
    expect(other.requests[0].headers).not.toHaveProperty('x-team-token');
    expect(JSON.stringify(other.requests)).not.toContain(HEADER_SECRET);
  });

  it('resumes from a checkpoint whose next link holds the secret param as *** with the real value again', async () => {
    const api = await started((req, res) => {
      const url = new URL(req.url, 'http://x');
      const page = Number(url.searchParams.get('page') ?? 1);
      if (url.searchParams.get('token') !== PARAM_SECRET) return json(res, { error: 'bad token' }, 401);
      url.searchParams.set('page', String(page + 1));
      json(res, { data: [{ id: page }], next: page < 3 ? `${api.url}${url.pathname}${url.search}` : null });
    });
    const source = validateSource({
      name: 'refs',
      client: { base_url: api.url, retries: { limit: 0 } },
      resources: [{ name: 'items', endpoint: { data_selector: 'data', params: { token: { ssm: '/t/param' } }, paginator: { type: 'json_link', next_url_path: 'next' } } }],
    });
    const checkpoints: string[] = [];
    let next: string | undefined;
    let status: string;
    do {
      const queued: string[] = [];
      const summary = await runSource({ source, store, secrets: secrets(), trigger: 'manual', checkpointKey: next, remainingTimeMs: () => 0, continueRun: async (key) => void queued.push(key) });
      status = summary.status;
      next = queued[0];
      if (next) checkpoints.push((await store.get(next))!.toString('utf8'));
    } while (next);

    expect(status).toBe('succeeded');
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);
    expect(checkpoints.join('\n')).toContain('token=***');
    expect(checkpoints.join('\n')).not.toContain(encodeURIComponent(PARAM_SECRET));
    expect(api.requests).toHaveLength(3);
    expect(api.requests.every((r) => new URL(r.url, api.url).searchParams.get('token') === PARAM_SECRET)).toBe(true);
  });

  it('refuses a 302 to another origin of a request with a secret param, and the error shows no secret', async () => {
    const other = await started((_req, res) => json(res, { data: [] }));
    const api = await started((req, res) => (res.writeHead(302, { location: `${other.url}${req.url}` }), res.end()));
    const source = validateSource({
      name: 'refs',
      client: { base_url: api.url, paginator: 'single_page' },
      resources: [{ name: 'items', endpoint: { data_selector: 'data', params: { token: { ssm: '/t/param' } } } }],
    });

    const error = await runSource({ source, store, secrets: secrets(), trigger: 'manual' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as Error).message).toMatch(/refusing a redirect from .* the request carries credentials/);
    expect(other.requests).toHaveLength(0);
    expect(errorText(error)).not.toContain(PARAM_SECRET);
    expect(errorText(error)).not.toContain(encodeURIComponent(PARAM_SECRET));
    expect(errorText(error)).not.toContain(new URLSearchParams({ v: PARAM_SECRET }).toString().slice(2));
  });

  it('redacts a plaintext credential header (allow_plaintext_secrets) that a 401 echoes', async () => {
    const api = await started((req, res) => json(res, { error: `bad token ${String(req.headers.authorization)}` }, 401));
    const source = validateSource({
      name: 'refs',
      allow_plaintext_secrets: true,
      client: { base_url: api.url, paginator: 'single_page', headers: { Authorization: 'Bearer plainTOKEN12345' }, retries: { limit: 0 } },
      resources: [{ name: 'items', endpoint: { data_selector: 'data' } }],
    });

    const error = await runSource({ source, store, secrets: secrets(), trigger: 'manual' }).catch((e: unknown) => e);

    expect(api.requests[0].headers.authorization).toBe('Bearer plainTOKEN12345');
    expect(errorText(error)).toContain('401');
    expect(errorText(error)).not.toContain('plainTOKEN12345');
  });

  it('resolves references in resource_defaults params and in a data form, sends them and redacts their echoes', async () => {
    const api = await started((req, res) => json(res, { data: [{ id: 1, echo_query: req.url, echo_body: req.body }] }));
    const source = validateSource({
      name: 'refs',
      client: { base_url: api.url, paginator: 'single_page' },
      resource_defaults: { endpoint: { params: { token: { ssm: '/t/param' } } } },
      resources: [{ name: 'search', endpoint: { path: 'search', method: 'POST', data_selector: 'data', data: { user: 'etl', password: { ssm: '/t/body' } } } }],
    });

    const summary = await runSource({ source, store, secrets: secrets(), trigger: 'manual' });

    const sent = api.requests[0];
    expect(new URL(sent.url, api.url).searchParams.get('token')).toBe(PARAM_SECRET);
    expect(new URLSearchParams(sent.body).get('password')).toBe(BODY_SECRET);
    const manifest = await readJson<Manifest>(store, summary.manifest_key as string);
    const [record] = (await readPart(store, manifest.resources.search.files[0].key)) as Array<Record<string, string>>;
    expect(record.echo_query).toMatch(/token=\*\*\*/);
    expect(record.echo_body).toBe('user=etl&password=***');
  });

  it('keeps a plaintext credential param (allow_plaintext_secrets) from a next link on another origin, and redacts its echo', async () => {
    const other = await started((req, res) => json(res, { data: [{ id: 2, echo: req.url }], next: null }));
    const api = await started((req, res) => json(res, { data: [{ id: 1, echo: req.url }], next: `${other.url}/page2?api_key=plain123456789` }));
    const source = validateSource({
      name: 'refs',
      allow_plaintext_secrets: true,
      client: { base_url: api.url, paginator: { type: 'json_link', next_url_path: 'next' } },
      resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data', params: { api_key: 'plain123456789' } } }],
    });

    const summary = await runSource({ source, store, secrets: secrets(), trigger: 'manual' });

    expect(new URL(api.requests[0].url, api.url).searchParams.get('api_key')).toBe('plain123456789');
    expect(other.requests.map((r) => r.url)).toEqual(['/page2']);
    const manifest = await readJson<Manifest>(store, summary.manifest_key as string);
    const records = (await readPart(store, manifest.resources.items.files[0].key)) as Array<Record<string, string>>;
    expect(records[0].echo).toBe('/items?api_key=***');
  });
});
