/**
 * dlt's incremental options through `sluice run` against the fake API, each
 * config written as dlt's docs write `endpoint.incremental`: an `end_value`
 * window that leaves the state where it was, `range_start` / `range_end`,
 * `row_order` stopping the pages, `on_cursor_value_missing`, `lag`, and
 * `convert` (a function, so refused in JSON).
 */
import type { FakeApi, FakeRecord } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { runDltSource, writeDltSource, writtenRecords } from './support/dltSource';
import { runCli } from './support/runCli';

const HOUR_MS = 3_600_000;
const EPOCH_MS = Date.UTC(2024, 0, 1);

/** `2024-01-01T00:00:00Z` plus `hours`, as the fake API prints timestamps. */
function at(hours: number): string {
  return new Date(EPOCH_MS + hours * HOUR_MS).toISOString().replace('.000Z', 'Z');
}

/** Records 1..count served newest first: record `id` was updated at hour `count + 1 - id`. */
function newestFirst(count: number): FakeRecord[] {
  return Array.from({ length: count }, (_, k) => ({ id: k + 1, name: `event-${k + 1}`, updated_at: at(count - k) }));
}

describe('dlt incremental options', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 25, events: newestFirst(25), notes: 6 } });
  });
  afterAll(() => api.close());
  beforeEach(() => api.clearLog());

  const client = (): Record<string, unknown> => ({ base_url: `${api.baseUrl}/public/offset/`, paginator: { type: 'offset', limit: 10 } });
  const items = (incremental: Record<string, unknown>): Record<string, unknown> => ({
    name: 'items',
    endpoint: { path: 'items', data_selector: 'items', incremental: { cursor_path: 'updated_at', ...incremental } },
  });

  it('end_value: every run loads the window [initial_value, end_value) and the stored state does not move', async () => {
    const source = writeDltSource({
      name: 'dlt-end-value',
      client: client(),
      resources: [items({ initial_value: at(5), end_value: at(15), start_param: 'since', end_param: 'until' })],
    });
    for (const run of [1, 2]) {
      api.clearLog();
      const result = await runDltSource(source);
      expect(result.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 10 } } });
      expect(api.requests.map((r) => [r.query.since, r.query.until])).toEqual([[at(5), at(15)]]);
      expect(writtenRecords(source, 'items').map((r) => r.id)).toEqual(run === 1 ? ids(5, 14) : [...ids(5, 14), ...ids(5, 14)]);
    }
    const state = await runCli(['state', source.file, '--out', source.out, '--json']);
    // Two runs committed, and neither moved the resource's state off "nothing stored".
    expect(JSON.parse(state.stdout)).toMatchObject({ seq: 2, resources: { items: null } });
  });

  it('range_start "open" excludes the start value and range_end "closed" includes the end value', async () => {
    const source = writeDltSource({
      name: 'dlt-ranges',
      client: client(),
      resources: [items({ initial_value: at(5), end_value: at(15), range_start: 'open', range_end: 'closed' })],
    });
    const result = await runDltSource(source);
    expect(result.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 10 } } });
    expect(writtenRecords(source, 'items').map((r) => r.id)).toEqual(ids(6, 15));
  });

  it('row_order "desc": pages are no longer requested once the values leave the window', async () => {
    const source = writeDltSource({
      name: 'dlt-row-order',
      client: { base_url: `${api.baseUrl}/public/offset/`, paginator: { type: 'offset', limit: 5 } },
      resources: [
        { name: 'events', endpoint: { path: 'events', data_selector: 'items', incremental: { cursor_path: 'updated_at', initial_value: at(18), row_order: 'desc' } } },
      ],
    });
    const result = await runDltSource(source);
    expect(result.summary).toMatchObject({ status: 'succeeded', resources: { events: { records: 8 } } });
    // page 0: hours 25..21, page 1: hours 20..16 (16 is below the start): no third page.
    expect(api.requests.map((r) => r.query.offset ?? '0')).toEqual(['0', '5']);
    expect(writtenRecords(source, 'events').map((r) => r.id)).toEqual(ids(1, 8));
  });

  it('on_cursor_value_missing: "raise" (the default) fails naming the record, "exclude" drops it, "include" keeps it', async () => {
    const rows = [
      { id: 1, name: 'a', updated_at: at(1) },
      { id: 2, name: 'b' },
      { id: 3, name: 'c', updated_at: at(3) },
    ] as FakeRecord[];
    api.setRecords('notes', rows);
    const note = (policy?: string): Record<string, unknown> => ({
      name: 'notes',
      endpoint: { path: 'notes', data_selector: 'items', incremental: { cursor_path: 'updated_at', initial_value: at(0), ...(policy ? { on_cursor_value_missing: policy } : {}) } },
    });

    const raised = await runDltSource(writeDltSource({ name: 'dlt-missing-raise', client: client(), resources: [note()] }));
    expect(raised.result.code).toBe(1);
    expect(raised.result.stdout + raised.result.stderr).toContain('has no value at cursor_path "updated_at" (its fields: "id", "name")');

    const excluded = writeDltSource({ name: 'dlt-missing-exclude', client: client(), resources: [note('exclude')] });
    expect((await runDltSource(excluded)).result.code).toBe(0);
    expect(writtenRecords(excluded, 'notes').map((r) => r.id)).toEqual([1, 3]);

    const included = writeDltSource({ name: 'dlt-missing-include', client: client(), resources: [note('include')] });
    expect((await runDltSource(included)).result.code).toBe(0);
    expect(writtenRecords(included, 'notes').map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('lag: the next run re-reads lag seconds behind the last value and writes that window again, as dlt does; merge keeps one record per key', async () => {
    const source = writeDltSource({
      name: 'dlt-lag',
      client: client(),
      resources: [{ ...items({ initial_value: at(20), start_param: 'since', lag: 7200 }), primary_key: 'id', write_disposition: 'merge' }],
    });
    expect((await runDltSource(source)).summary).toMatchObject({ resources: { items: { records: 6 } } });
    api.clearLog();
    const second = await runDltSource(source);
    // The last value is hour 25; two hours of lag start the window at hour 23.
    expect(api.requests.map((r) => r.query.since)).toEqual([at(23)]);
    // dlt turns off its boundary deduplication under lag: the destination merges the re-read window.
    expect(second.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 3 } } });
    expect(writtenRecords(source, 'items').map((r) => r.id)).toEqual([...ids(20, 25), 23, 24, 25]);
    const view = await runCli(['query', source.file, 'SELECT id FROM items ORDER BY id', '--out', source.out, '--json']);
    expect(view.code).toBe(0);
    expect((JSON.parse(view.stdout) as Array<{ id: number }>).map((r) => r.id)).toEqual(ids(20, 25));
  });

  it('refuses convert in a JSON source, saying it is a function of a TypeScript source', async () => {
    const source = writeDltSource({ name: 'dlt-convert-json', client: client(), resources: [items({ initial_value: at(1), convert: 'int' })] });
    const result = await runCli(['validate', source.file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('resources[0].endpoint.incremental.convert: convert is a function');
    expect(result.stdout).toContain('exists only in a TypeScript source');
  });
});

/** The ids `from`..`to`, inclusive. */
function ids(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}
