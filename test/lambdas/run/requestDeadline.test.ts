/**
 * No request starts inside the safety margin once the invocation has made
 * progress: after a slow page has eaten the time, the redirect it answers with
 * is not followed. The handler checkpoints after the last page written and the
 * next invocation finishes the run; where the run cannot continue, it fails
 * cleanly with its failed manifest. Either way no request is left in flight for
 * the function's timeout to kill.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSource } from '../../../lambdas/config/validateSource';
import { RequestPastDeadlineError } from '../../../lambdas/errors/RequestPastDeadlineError';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import type { Manifest } from '../../../lambdas/commit/manifest';
import { runSource } from '../../../lambdas/run/runSource';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { json, startLoopback, type Loopback } from '../http/loopback';
import { deadlineHandler } from './deadlineHandler';
import { committedRecords, readJson } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

let api: Loopback;
let dir: string;
let store: LocalStore;
/** The invocation's time left, as the Lambda context reports it. */
let left: number;
/** Page 2 is slow once: while it is served, the invocation's time runs down to 500 ms. */
let slow: boolean;

beforeEach(async () => {
  left = 60_000;
  slow = true;
  api = await startLoopback((req, res) => {
    if (req.url === '/items?page=2') {
      if (slow) {
        slow = false;
        left = 500;
      }
      return (res.writeHead(302, { location: '/items?page=2&moved=1' }), res.end());
    }
    if (req.url === '/items?page=2&moved=1') return json(res, 200, { data: [{ id: 3 }], next: null });
    return json(res, 200, { data: [{ id: 1 }, { id: 2 }], next: `${api.url}/items?page=2` });
  });
  dir = mkdtempSync(join(tmpdir(), 'sluice-request-deadline-'));
  store = new LocalStore(dir);
});
afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const definition = () => ({
  name: 'deadline',
  client: { base_url: api.url, paginator: { type: 'json_link', next_url_path: 'next' } },
  resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data' } }],
  run: { safety_margin_ms: 1000 },
});

describe('a request due inside the safety margin', () => {
  it('is not sent after a slow page: the handler checkpoints after the last page written, and the next invocation finishes the run', async () => {
    const { invoke, queued } = deadlineHandler(definition(), store, () => left);

    const first = await invoke({ trigger: 'schedule' });

    expect(first.status).toBe('continued');
    expect(queued).toEqual([first.checkpoint_key]);
    // The redirect of the slow page was not followed with 500 ms left.
    expect(api.requests.map((r) => r.url)).toEqual(['/items', '/items?page=2']);
    expect(await store.list('deadline/_checkpoints/')).toEqual([first.checkpoint_key]);

    left = 60_000;
    const second = await invoke({ continue: queued[0] });

    expect(second.status).toBe('succeeded');
    expect(second.run_id).toBe(first.run_id);
    expect((await committedRecords(store, '', 'deadline')).items).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(api.requests.map((r) => r.url)).toEqual(['/items', '/items?page=2', '/items?page=2', '/items?page=2&moved=1']);
  });

  it('fails the run cleanly, with its failed manifest, when the run cannot continue', async () => {
    const error = await runSource({ source: validateSource(definition()), store, secrets: noSecrets(), trigger: 'manual', remainingTimeMs: () => left }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).cause).toBeInstanceOf(RequestPastDeadlineError);
    expect(api.requests.map((r) => r.url)).toEqual(['/items', '/items?page=2']);
    const manifest = await readJson<Manifest>(store, (error as RunFailedError).summary.manifest_key as string);
    expect(manifest.status).toBe('failed');
    expect(manifest.error).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/items\?page=2&moved=1: not sent, as only 500 ms are left in this invocation, less than run\.safety_margin_ms \(1000 ms\)/);
  });

  it('still sends the first page of an invocation that starts inside the margin, so that every invocation makes progress', async () => {
    left = 0;
    const queued: string[] = [];
    const summary = await runSource({ source: validateSource(definition()), store, secrets: noSecrets(), trigger: 'schedule', remainingTimeMs: () => left, continueRun: async (key) => void queued.push(key) });

    expect(summary.status).toBe('continued');
    expect(api.requests.map((r) => r.url)).toEqual(['/items']);
  });
});
