/**
 * No request starts inside the safety margin when pages are fetched N at a
 * time: an offset paginator with a known total has three pages in flight when
 * the invocation's time runs down, and none of the pages after them is sent.
 * The server holds the three until all have arrived before the time drops, so
 * which requests started before the deadline is fixed, not a matter of timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { json, startLoopback, type Loopback } from '../http/loopback';
import { deadlineHandler } from './deadlineHandler';
import { committedRecords } from './runSource.fixtures';

const TOTAL = 8;
const CONCURRENCY = 3;

let api: Loopback;
let dir: string;
let store: LocalStore;
/** The invocation's time left, as the Lambda context reports it. */
let left: number;
/** The first batch of concurrent pages, held until all of them have arrived. */
let held: Array<{ res: ServerResponse; offset: number }>;
/** True while the first batch is being gathered. */
let gathering: boolean;
/** A page of the first batch the server never answers, and the time left once the batch has started. */
let withheld: number | undefined;
let leftAfterBatch: number;

const offsetOf = (url: string): number => Number(new URL(url, 'http://x').searchParams.get('offset'));
const page = (res: ServerResponse, offset: number): void => json(res, 200, { data: [{ id: offset + 1 }], total: TOTAL });

beforeEach(async () => {
  left = 60_000;
  held = [];
  gathering = true;
  withheld = undefined;
  leftAfterBatch = 500;
  api = await startLoopback((req, res) => {
    const offset = offsetOf(req.url);
    if (offset === 0 || !gathering) return page(res, offset);
    held.push({ res, offset });
    if (held.length < CONCURRENCY) return;
    // Every page of the batch has started; only now does the time run short.
    gathering = false;
    left = leftAfterBatch;
    for (const h of held) if (h.offset !== withheld) page(h.res, h.offset);
  });
  dir = mkdtempSync(join(tmpdir(), 'sluice-request-deadline-concurrent-'));
  store = new LocalStore(dir);
});
afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const definition = () => ({
  name: 'deadline',
  client: { base_url: api.url },
  resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data', paginator: { type: 'offset', limit: 1, total_path: 'total', concurrency: CONCURRENCY } } }],
  run: { safety_margin_ms: 1000 },
});

describe('pages fetched concurrently near the deadline', () => {
  it('start no page inside the safety margin: the run writes the pages that arrived, checkpoints after them, and the next invocation fetches the pages after them, each once', async () => {
    const { invoke, queued } = deadlineHandler(definition(), store, () => left);

    const first = await invoke({ trigger: 'schedule' });

    expect(first.status).toBe('continued');
    // The first page, then the three that were in flight when the time dropped: nothing after.
    expect(api.requests.map((r) => offsetOf(r.url)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    expect(queued).toEqual([first.checkpoint_key]);

    const firstInvocation = api.requests.length;
    left = 60_000;
    const second = await invoke({ continue: queued[0] });

    expect(second.status).toBe('succeeded');
    expect(second.run_id).toBe(first.run_id);
    // The three pages in flight had all arrived when the first invocation stopped: it wrote them before its
    // checkpoint, so the next one resumes after the last of them and asks for each later page once.
    const resumed = api.requests.slice(firstInvocation).map((r) => offsetOf(r.url)).sort((a, b) => a - b);
    expect(resumed).toEqual(Array.from({ length: TOTAL - (CONCURRENCY + 1) }, (_, i) => CONCURRENCY + 1 + i));
    expect((await committedRecords(store, '', 'deadline')).items).toEqual(Array.from({ length: TOTAL }, (_, i) => ({ id: i + 1 })));
  });

  it('waits for a page still in flight only while the invocation has the time: one not in by then is asked for again by the next invocation', async () => {
    // The safety margin is 1000 ms and a tenth of it must stay for the checkpoint: with 150 ms left,
    // a stopping run waits 50 ms for the pages it sent, and the server never answers page 3.
    withheld = 3;
    leftAfterBatch = 150;
    const { invoke, queued } = deadlineHandler(definition(), store, () => left);

    const first = await invoke({ trigger: 'schedule' });

    expect(first.status).toBe('continued');
    expect(api.requests.map((r) => offsetOf(r.url)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    const firstInvocation = api.requests.length;
    left = 60_000;
    const second = await invoke({ continue: queued[0] });

    expect(second.status).toBe('succeeded');
    // Pages 1 and 2 were written before the checkpoint; page 3 was not in, so it is asked for again.
    const resumed = api.requests.slice(firstInvocation).map((r) => offsetOf(r.url)).sort((a, b) => a - b);
    expect(resumed).toEqual([3, 4, 5, 6, 7]);
    expect((await committedRecords(store, '', 'deadline')).items).toEqual(Array.from({ length: TOTAL }, (_, i) => ({ id: i + 1 })));
  });
});
