/**
 * The committed view is always right (issue 15): for generated feeds (cursor
 * type, order, page size), write dispositions and sequences of runs (full,
 * truncated by `--max-pages`, crashed at a store write, two started at once)
 * with the API gaining, updating and deleting records in between, the view the
 * engine's own reader returns after every step equals what the API served to
 * the runs that committed: nothing missing, nothing doubled. After a last
 * clean run, every record the API holds is in it.
 *
 * The engine runs in process against a loopback API and an in-memory store
 * (with or without a run lease); see docs/guarantees.md for what each
 * disposition promises and what is not promised.
 */
import fc from 'fast-check';
import { readCommittedView, readTable } from '../../lambdas/commit/readCommittedView';
import { commitsPrefix, leaseKey } from '../../lambdas/commit/layout';
import { validateSource } from '../../lambdas/config/validateSource';
import { ConcurrentRunError } from '../../lambdas/errors/ConcurrentRunError';
import { runSource } from '../../lambdas/run/runSource';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import type { ObjectStore } from '../../lambdas/sink/ObjectStore';
import { crashingStore } from '../support/crashingStore';
import type { CrashPoint } from '../support/crashingStore';
import { cursorValue, startCursorFeedApi } from '../support/cursorFeedApi';
import type { CursorFeedApi, FeedCursorType, FeedOrder, FeedRecord } from '../support/cursorFeedApi';
import { createTaggedMemoryStore } from '../support/taggedMemoryStore';
import { propertyParameters } from './propertySettings';

const SOURCE = 'feed';
const RESOURCE = 'events';

type Disposition = 'append' | 'replace' | 'merge';

/** What happens between two looks at the view. */
type Op =
  | { kind: 'full' }
  | { kind: 'truncated'; maxPages: number }
  | ({ kind: 'crash' } & CrashPoint)
  | { kind: 'concurrent' }
  | { kind: 'add'; steps: boolean[]; tie: boolean }
  | { kind: 'update'; picks: number[] }
  | { kind: 'delete'; picks: number[] };

interface Scenario {
  cursorType: FeedCursorType;
  order: FeedOrder;
  pageSize: number;
  disposition: Disposition;
  incremental: boolean;
  primaryKey: boolean;
  rowOrder: boolean;
  initialValue: boolean;
  partMaxRecords: number;
  lease: boolean;
  initial: boolean[];
  ops: Op[];
}

const steps = fc.array(fc.boolean(), { minLength: 1, maxLength: 7 });
const picks = fc.array(fc.nat(50), { minLength: 1, maxLength: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Op>({ kind: 'full' }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }).map((maxPages): Op => ({ kind: 'truncated', maxPages })) },
  { weight: 3, arbitrary: fc.record({ at: fc.integer({ min: 1, max: 12 }), landed: fc.boolean() }).map((c): Op => ({ kind: 'crash', ...c })) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: 'concurrent' }) },
  { weight: 3, arbitrary: fc.record({ steps, tie: fc.boolean() }).map((a): Op => ({ kind: 'add', ...a })) },
  { weight: 2, arbitrary: picks.map((p): Op => ({ kind: 'update', picks: p })) },
  { weight: 1, arbitrary: picks.map((p): Op => ({ kind: 'delete', picks: p })) },
);

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    cursorType: fc.constantFrom<FeedCursorType>('number', 'numeric_string', 'datetime'),
    order: fc.constantFrom<FeedOrder>('asc', 'desc', 'unordered'),
    pageSize: fc.integer({ min: 1, max: 4 }),
    disposition: fc.constantFrom<Disposition>('append', 'replace', 'merge'),
    incremental: fc.boolean(),
    primaryKey: fc.boolean(),
    rowOrder: fc.boolean(),
    initialValue: fc.boolean(),
    partMaxRecords: fc.integer({ min: 1, max: 4 }),
    lease: fc.boolean(),
    initial: fc.array(fc.boolean(), { maxLength: 10 }),
    ops: fc.array(op, { minLength: 1, maxLength: 8 }),
  })
  .map((s) => ({
    ...s,
    // append is incremental (a full copy per run is what append without a cursor means); replace reads
    // everything, or with a cursor the window since the committed one.
    incremental: s.disposition === 'append' ? true : s.incremental,
    // merge needs its key.
    primaryKey: s.disposition === 'merge' ? true : s.primaryKey,
    // An order is declared only when it is true: a false row_order is not promised to work.
    rowOrder: s.rowOrder && s.order !== 'unordered',
  }));

/** The API's data: records with ticks of a clock that only moves forward. */
class Feed {
  private nextId = 1;
  private maxTick = 0;
  private readonly ticks = new Map<number, number>();

  constructor(
    private readonly api: CursorFeedApi,
    private readonly type: FeedCursorType,
  ) {
    api.records = [];
  }

  private record(id: number, v: number, tick: number): FeedRecord {
    this.ticks.set(id, tick);
    this.maxTick = Math.max(this.maxTick, tick);
    return { id, cur: cursorValue(this.type, tick, id + v), v, body: `record ${id} version ${v}` };
  }

  /** New records: the first at the newest tick (`tie`, a record at the committed boundary) or after it, each `step` a tick later. */
  add(stepsOf: readonly boolean[], tie: boolean): void {
    let tick = tie && this.api.records.length > 0 ? this.maxTick : this.maxTick + 1;
    for (const step of stepsOf) {
      this.api.records.push(this.record(this.nextId++, 1, tick));
      if (step) tick++;
    }
  }

  /** New versions of some records, all at one new tick: an update always moves its cursor forward. */
  update(indexes: readonly number[]): void {
    if (this.api.records.length === 0) return;
    const tick = this.maxTick + 1;
    for (const index of new Set(indexes.map((i) => i % this.api.records.length))) {
      const old = this.api.records[index];
      this.api.records[index] = this.record(old.id, old.v + 1, tick);
    }
  }

  delete(indexes: readonly number[]): void {
    if (this.api.records.length === 0) return;
    const gone = new Set(indexes.map((i) => this.api.records[i % this.api.records.length].id));
    this.api.records = this.api.records.filter((r) => !gone.has(r.id));
  }
}

function sourceOf(s: Scenario, url: string, opTag: string): ReturnType<typeof validateSource> {
  const initial = cursorValue(s.cursorType, 0);
  const incremental = {
    cursor_path: 'cur',
    ...(s.rowOrder ? { row_order: s.order } : {}),
    ...(s.initialValue ? { initial_value: initial } : {}),
  };
  return validateSource({
    name: SOURCE,
    client: { base_url: url, paginator: { type: 'json_link', next_url_path: 'next' }, headers: { 'X-Op': opTag } },
    resources: [
      {
        name: RESOURCE,
        write_disposition: s.disposition,
        ...(s.primaryKey ? { primary_key: 'id' } : {}),
        endpoint: {
          path: 'feed',
          data_selector: 'data',
          ...(s.incremental ? { params: { since: '{incremental.start_value}' }, incremental } : {}),
        },
      },
    ],
    run: { part_max_records: s.partMaxRecords },
  });
}

/** A run and how it ended. */
interface Attempt {
  tag: string;
  summary?: RunSummary;
  error?: unknown;
}

async function attempt(s: Scenario, api: CursorFeedApi, store: ObjectStore, tag: string, maxPages?: number): Promise<Attempt> {
  try {
    const summary = await runSource({ source: sourceOf(s, api.url, tag), store, secrets: new FileSecretStore({}), trigger: 'manual', ...(maxPages ? { maxPages } : {}) });
    return { tag, summary };
  } catch (error) {
    return { tag, error };
  }
}

function describeFailure(a: Attempt): string {
  return a.error instanceof Error ? `${a.error.name}: ${a.error.message}` : String(a.error);
}

/** The records the API served to one run, as JSON lines (the form they are stored in). */
function servedTo(api: CursorFeedApi, tag: string): string[] {
  return api.requests.filter((r) => r.op === tag).flatMap((r) => r.served.map((record) => JSON.stringify(record)));
}

/** What the committed view must hold: computed from what the API served to the runs that committed, never from sluice's files. */
function expectedView(disposition: Disposition, committed: ReadonlyArray<readonly string[]>): string[] {
  if (disposition === 'replace') return [...new Set(committed.at(-1) ?? [])];
  const every = [...new Set(committed.flat())];
  if (disposition === 'append') return every;
  const latest = new Map<number, FeedRecord>();
  for (const line of every) {
    const record = JSON.parse(line) as FeedRecord;
    const kept = latest.get(record.id);
    if (!kept || kept.v < record.v) latest.set(record.id, record);
  }
  return [...latest.values()].map((r) => JSON.stringify(r));
}

async function viewOf(store: ObjectStore): Promise<string[]> {
  const view = await readCommittedView(store, '', SOURCE);
  const table = view.tables.find((t) => t.resource === RESOURCE);
  return table ? (await readTable(store, table)).map((r) => JSON.stringify(r)) : [];
}

async function commitCount(store: ObjectStore): Promise<number> {
  return (await store.list(commitsPrefix('', SOURCE))).length;
}

/** What passing time does to the lease of a run that died: it expires. */
async function expireLease(store: ObjectStore): Promise<void> {
  const key = leaseKey('', SOURCE);
  const bytes = await store.get(key);
  if (!bytes) return;
  const lease = JSON.parse(bytes.toString('utf8')) as { released?: boolean };
  if (!lease.released) await store.putBytes(key, JSON.stringify({ ...lease, expires_at: new Date(0).toISOString() }), 'application/json');
}

const sorted = (lines: readonly string[]): string[] => [...lines].sort();

let api: CursorFeedApi;
beforeAll(async () => {
  api = await startCursorFeedApi();
});
afterAll(() => api.close());

let sequences = 0;
let runs = 0;
afterAll(() => {
  // The count of what was checked, for the record (npm test output).
  process.stdout.write(`committedView property: ${sequences} sequences, ${runs} runs\n`);
});

/** Plays one scenario and checks the view after every run. */
async function play(s: Scenario): Promise<void> {
  sequences++;
  api.cursorType = s.cursorType;
  api.order = s.order;
  api.pageSize = s.pageSize;
  api.requests.length = 0;
  const feed = new Feed(api, s.cursorType);
  if (s.initial.length > 0) feed.add(s.initial, false);
  const store = createTaggedMemoryStore({ lease: s.lease });
  const committed: string[][] = [];
  let tags = 0;

  const check = async (after: string): Promise<void> => {
    const view = await viewOf(store);
    const expected = expectedView(s.disposition, committed);
    if (JSON.stringify(sorted(view)) !== JSON.stringify(sorted(expected))) {
      const missing = expected.filter((l) => !view.includes(l));
      const extra = view.filter((l, i) => !expected.includes(l) || view.indexOf(l) !== i);
      throw new Error(`after ${after}: the committed view differs\n  missing: ${missing.join(' ')}\n  extra or doubled: ${extra.join(' ')}`);
    }
  };

  /** One run (or two at once); each run that committed adds what the API served it. */
  const step = async (o: Op | { kind: 'final' }): Promise<void> => {
    const before = await commitCount(store);
    if (o.kind === 'concurrent') {
      const [a, b] = await Promise.all([attempt(s, api, store, `op${++tags}`), attempt(s, api, store, `op${++tags}`)]);
      runs += 2;
      const won = [a, b].filter((x) => x.summary?.status === 'succeeded');
      const lost = [a, b].filter((x) => x.error !== undefined);
      if (won.length !== 1 || lost.length !== 1 || !(lost[0].error instanceof ConcurrentRunError)) {
        throw new Error(`two runs at once: ${won.length} succeeded; ${lost.map(describeFailure).join('; ')}`);
      }
      if ((await commitCount(store)) !== before + 1) throw new Error('two runs at once: not exactly one commit');
      committed.push(servedTo(api, won[0].tag));
      return;
    }
    const tag = `op${++tags}`;
    runs++;
    if (o.kind === 'crash') {
      const crashing = crashingStore(store, o);
      await attempt(s, api, crashing.store, tag);
      if ((await commitCount(store)) > before) committed.push(servedTo(api, tag));
      await expireLease(store);
      return;
    }
    const run = await attempt(s, api, store, tag, o.kind === 'truncated' ? o.maxPages : undefined);
    if (run.summary?.status !== 'succeeded') throw new Error(`${o.kind} run ${tag} did not succeed: ${describeFailure(run)}`);
    if ((await commitCount(store)) !== before + 1) throw new Error(`${o.kind} run ${tag} succeeded without exactly one commit`);
    committed.push(servedTo(api, tag));
  };

  for (const [i, o] of s.ops.entries()) {
    if (o.kind === 'add') feed.add(o.steps, o.tie);
    else if (o.kind === 'update') feed.update(o.picks);
    else if (o.kind === 'delete') feed.delete(o.picks);
    else {
      await step(o);
      await check(`step ${i} (${o.kind})`);
    }
  }
  await step({ kind: 'final' });
  await check('the last clean run');

  // replace over a cursor holds the last run's window alone (checked above): the records before it are gone on purpose.
  if (s.disposition === 'replace' && s.incremental) return;
  // No cursor skipped anything: every record the API holds now is in the view, as it is now.
  const view = new Set(await viewOf(store));
  const absent = api.records.map((r) => JSON.stringify(r)).filter((l) => !view.has(l));
  if (absent.length > 0) throw new Error(`records of the API missing from the committed view: ${absent.join(' ')}`);
  if (s.disposition === 'replace' && view.size !== api.records.length) throw new Error(`replace: ${view.size} records in the view, the API has ${api.records.length}`);
}

describe('the committed view (property)', () => {
  it('equals what the API served to the committed runs, for every disposition, through truncations, crashes and concurrent starts', async () => {
    await fc.assert(fc.asyncProperty(scenario, play), propertyParameters(200));
  });
});
