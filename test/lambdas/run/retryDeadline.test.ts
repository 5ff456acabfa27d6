/**
 * A retry wait never outlasts the invocation: with 15 s left and
 * `Retry-After: 20`, the run checkpoints after the last page written and
 * continues in a new invocation; where it cannot continue, it fails cleanly
 * with its failed manifest, at once, instead of being killed mid-wait.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSource } from '../../../lambdas/config/validateSource';
import { RetryPastDeadlineError } from '../../../lambdas/errors/RetryPastDeadlineError';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import type { Manifest } from '../../../lambdas/commit/manifest';
import { runSource } from '../../../lambdas/run/runSource';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { json, startLoopback, type Loopback } from '../http/loopback';
import { committedRecords, readJson } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

let api: Loopback;
let dir: string;
let store: LocalStore;
let busy: number;

beforeEach(async () => {
  busy = 1;
  api = await startLoopback((req, res) => {
    if (req.url.startsWith('/items?page=2')) {
      if (busy-- > 0) return json(res, 503, { error: 'busy' }, { 'retry-after': '20' });
      return json(res, 200, { data: [{ id: 3 }], next: null });
    }
    return json(res, 200, { data: [{ id: 1 }, { id: 2 }], next: `${api.url}/items?page=2` });
  });
  dir = mkdtempSync(join(tmpdir(), 'sluice-deadline-'));
  store = new LocalStore(dir);
});
afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const source = () =>
  validateSource({
    name: 'deadline',
    client: { base_url: api.url, paginator: { type: 'json_link', next_url_path: 'next' } },
    resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data' } }],
    run: { safety_margin_ms: 1000 },
  });

describe('a retry wait past the deadline', () => {
  it('checkpoints after the last page written and continues in a new invocation, without waiting', async () => {
    const queued: string[] = [];
    const started = Date.now();
    const first = await runSource({ source: source(), store, secrets: noSecrets(), trigger: 'schedule', remainingTimeMs: () => 15_000, continueRun: async (key) => void queued.push(key) });

    expect(first.status).toBe('continued');
    expect(queued).toEqual([first.checkpoint_key]);
    // The 20 s the server asked for were never waited out in this invocation.
    expect(Date.now() - started).toBeLessThan(15_000);

    const second = await runSource({ source: source(), store, secrets: noSecrets(), trigger: 'schedule', checkpointKey: queued[0], remainingTimeMs: () => 60_000, continueRun: async () => undefined });

    expect(second.status).toBe('succeeded');
    expect(second.run_id).toBe(first.run_id);
    expect((await committedRecords(store, '', 'deadline')).items).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(api.requests.map((r) => r.url)).toEqual(['/items', '/items?page=2', '/items?page=2']);
  });

  it('fails cleanly with a failed manifest when the run cannot continue', async () => {
    const error = await runSource({ source: source(), store, secrets: noSecrets(), trigger: 'manual', remainingTimeMs: () => 15_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).cause).toBeInstanceOf(RetryPastDeadlineError);
    const manifest = await readJson<Manifest>(store, (error as RunFailedError).summary.manifest_key as string);
    expect(manifest.status).toBe('failed');
    expect(manifest.error).toMatch(/the retry wait of 20000 ms would outlast this invocation \(14000 ms left/);
  });
});
