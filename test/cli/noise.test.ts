/**
 * A person reads each thing once: a failed run's error, a truncation's
 * warning, no SDK notices they cannot act on, and a NOTE when `auto` found no
 * pagination. Each through the real CLI.
 */
import { closedPort } from '../support/closedPort';
import { createServer, type Server } from 'node:http';
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { writeFakeSource } from './support/fakeSource';
import { runCli, tempDir, writeJson } from './support/runCli';

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('the CLI says each thing once', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 25 }, childrenPerParent: 2 });
  });
  afterAll(() => api.close());
  afterEach(() => api.clearFaults());

  it('prints a failed run\'s error once, then what to do', async () => {
    const { source, secrets } = writeFakeSource(api, { retries: 0 });
    api.addFault({ path: '/bearer/json-link/items', kind: 'status', status: 500, times: Infinity });
    const result = await runCli(['run', source, '--out', tempDir('sluice-noise-'), '--secrets-file', secrets]);
    expect(result.code).toBe(1);
    const all = result.stdout + result.stderr;
    expect(count(all, '(status 500)')).toBe(1);
    expect(result.stdout).toMatch(/^error: GET .*\(status 500\)/m);
    expect(result.stderr).toContain('sluice check <source>');
    expect(result.stderr).not.toMatch(/^ERROR/m);
  });

  it('keeps the engine\'s run-failed log line with --verbose', async () => {
    const { source, secrets } = writeFakeSource(api, { retries: 0 });
    api.addFault({ path: '/bearer/json-link/items', kind: 'status', status: 500, times: Infinity });
    const result = await runCli(['run', source, '--out', tempDir('sluice-noise-'), '--secrets-file', secrets, '--verbose']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ERROR run failed/m);
  });

  it('warns once about a truncated incremental resource, saying its state stays', async () => {
    const { source, secrets } = writeFakeSource(api);
    const result = await runCli(['run', source, '--out', tempDir('sluice-noise-'), '--secrets-file', secrets, '--resources', 'items', '--max-pages', '1']);
    expect(result.code).toBe(0);
    expect(count(result.stderr, 'max_pages reached')).toBe(1);
    expect(result.stderr).toMatch(/max_pages reached: resource "items" was cut short, and its incremental state stays where it was/);
  });

  it('prints no AWS SDK Node-version notice', async () => {
    // A bucket command builds an S3 client (the notice comes with the first one); the endpoint refuses at once.
    const port = await closedPort();
    const { source } = writeFakeSource(api);
    const result = await runCli(['runs', source, '--bucket', 'b'], {
      env: { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
  });
});

describe('the NOTE column', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ id: 1 }, { id: 2 }, { id: 3 }]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('says when auto found no pagination and read one page', async () => {
    const dir = tempDir('sluice-note-');
    const source = writeJson(dir, 'flat.json', { name: 'flat', client: { base_url: url }, resources: ['things', { name: 'declared', endpoint: { path: 'things', paginator: 'single_page' } }] });
    const result = await runCli(['run', source, '--out', `${dir}/data`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^things\s+3\s+1\s+1\s+auto found no pagination: read as single_page$/m);
    // A declared single_page is what the source says: nothing to note.
    expect(result.stdout).toMatch(/^declared\s+3\s+1\s+1\s*$/m);
    const json = await runCli(['run', source, '--out', `${dir}/data2`, '--json']);
    expect(JSON.parse(json.stdout).resources.things.detected_paginator).toBe('single_page');
  });
});
