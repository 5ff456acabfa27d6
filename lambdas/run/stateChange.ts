/**
 * State changes without data: `sluice state --reset|--set` and the handler's
 * `{"mode": "state"}`. A change is committed the way a run is, as the next
 * `seq`'s manifest, with `"trigger": "state"` and `"files": []` for every
 * resource, so the next run starts from it and the committed view gains no
 * record. Resources not changed carry their state over, as after a run of
 * other resources.
 */
import type { ResourceModel, SourceModel } from '../model';
import { StateChangeError } from '../errors/StateChangeError';
import type { CursorType } from '../incremental/CursorType';
import { acceptedForms, cursorTypeOf, readCursor } from '../incremental/CursorType';
import type { ObjectStore } from '../sink/ObjectStore';
import { COMMITTED_BY_ANOTHER_DELIVERY, commitManifest, readCommittedState } from '../commit/committedState';
import type { IncrementalState, Manifest, ResourceManifest, ResourceState } from '../commit/manifest';
import { writeHintsOf } from '../commit/manifest';
import { newRunId } from '../commit/runId';
import { SLUICE_VERSION } from '../version';

/** What to change. */
export interface StateChangeRequest {
  /** Clear the state of these resources (all that have state when empty). */
  readonly reset?: { readonly resources?: readonly string[] };
  /** Set the cursor of incremental resources: `{ "<resource>": <value> }`. */
  readonly set?: Readonly<Record<string, unknown>>;
}

/** One resource's state before and after a change. */
export interface StateDiff {
  readonly before: ResourceState | undefined;
  readonly after: ResourceState | undefined;
}

/** The committed state of a source, and what a change would make of it. */
export interface StatePlan {
  /** The latest committed `seq` (0 when nothing was committed). */
  readonly seq: number;
  /** Every resource of the source with its state; before === after for those not changed. */
  readonly resources: Readonly<Record<string, StateDiff>>;
  /** The resources whose state changes. */
  readonly changed: readonly string[];
  /** @internal the manifest the plan is based on */
  readonly base: Manifest | undefined;
}

/** The outcome of {@link commitStateChange}. */
export interface StateCommit {
  readonly run_id: string;
  readonly seq: number;
  readonly manifest_key: string;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Reads a `--set` value given as text, as a value of the resource's cursor
 * type (declared by `datetime_format`, stored with the state, or that of its
 * committed value or `initial_value`; else the type the value itself has). A
 * value that cannot be of that type is a problem.
 */
export function parseCursorValue(
  resource: ResourceModel,
  raw: unknown,
  committed: IncrementalState | undefined,
): { value?: unknown; type?: CursorType; problem?: string } {
  const incremental = resource.endpoint.incremental;
  const format = { datetimeFormat: incremental?.datetimeFormat };
  const known: CursorType | undefined =
    (format.datetimeFormat !== undefined ? 'datetime' : undefined) ??
    committed?.cursor_type ??
    cursorTypeOf(committed?.last_value) ??
    cursorTypeOf(incremental?.initialValue, format) ??
    cursorTypeOf(incremental?.endValue, format);
  const type = known ?? cursorTypeOf(raw, format);
  if ((typeof raw !== 'string' || raw.trim() === '') && typeof raw !== 'number') {
    return { problem: `"${resource.name}": a cursor value must be a number or a non-empty string, got ${JSON.stringify(raw)}` };
  }
  if (!type || !readCursor(raw, type, format)) {
    return { problem: `"${resource.name}": ${JSON.stringify(raw)} is not ${acceptedForms(known, format)}${known ? ', the type of this cursor' : ''}` };
  }
  // A numeric cursor keeps the form the API uses: a number, or a numeric string like its committed value.
  if (type === 'number' && typeof raw === 'string' && typeof committed?.last_value !== 'string') return { value: Number(raw), type };
  return { value: raw, type };
}

/**
 * The committed state of `source`, and the state after `request` (nothing
 * changed without one). Validates the request against the source.
 * @throws StateChangeError naming each resource that cannot change as asked
 */
export async function planStateChange(store: ObjectStore, prefix: string, source: SourceModel, request: StateChangeRequest = {}): Promise<StatePlan> {
  const committed = await readCommittedState(store, prefix, source.name);
  const base = committed.manifest;
  const byName = new Map(source.resources.map((r) => [r.name, r]));
  const names = source.resources.map((r) => r.name);
  const problems: string[] = [];
  const after = new Map<string, ResourceState | undefined>(names.map((n) => [n, base?.resources[n]?.state]));
  const unknown = (n: string): boolean => {
    if (byName.has(n)) return false;
    problems.push(`no resource "${n}" (resources: ${names.join(', ')})`);
    return true;
  };

  if (request.reset) {
    const targets = request.reset.resources?.length ? request.reset.resources : names.filter((n) => after.get(n) !== undefined);
    for (const n of targets) if (!unknown(n)) after.set(n, undefined);
  }
  for (const [n, raw] of Object.entries(request.set ?? {})) {
    if (unknown(n)) continue;
    const resource = byName.get(n) as ResourceModel;
    if (!resource.endpoint.incremental) {
      const incremental = source.resources.filter((r) => r.endpoint.incremental && !r.parent).map((r) => r.name);
      problems.push(`"${n}" is not incremental, it has no cursor to set (incremental resources: ${incremental.join(', ') || 'none'})`);
      continue;
    }
    if (resource.parent) {
      problems.push(`"${n}" is a child of "${resource.parent.resource}": its cursor is kept per parent record, so it cannot be set to one value; use --reset --resources ${n}`);
      continue;
    }
    const parsed = parseCursorValue(resource, raw, base?.resources[n]?.state?.incremental);
    if (parsed.problem) problems.push(parsed.problem);
    else after.set(n, { incremental: { last_value: parsed.value, boundary_keys: [], ...(parsed.type ? { cursor_type: parsed.type } : {}) } });
  }
  if (problems.length) throw new StateChangeError(source.name, problems);

  const resources: Record<string, StateDiff> = {};
  for (const n of names) resources[n] = { before: base?.resources[n]?.state, after: after.get(n) };
  return { seq: committed.seq, resources, changed: names.filter((n) => !same(resources[n].before, resources[n].after)), base };
}

/**
 * Commits a planned change as the next `seq`: a manifest with
 * `"trigger": "state"` and no files. Goes through the same commit as a run.
 * @throws StateChangeError when another commit landed since the plan was made
 */
export async function commitStateChange(store: ObjectStore, prefix: string, source: SourceModel, plan: StatePlan, now: () => Date = () => new Date()): Promise<StateCommit> {
  // The plan may have waited for a confirmation: a run committed meanwhile would be undone by this state.
  const latest = await readCommittedState(store, prefix, source.name);
  if (latest.seq !== plan.seq) {
    throw new StateChangeError(source.name, [`run ${latest.manifest?.run_id ?? '?'} committed seq ${latest.seq} after the change was planned on seq ${plan.seq}; look at the state again and repeat the change`]);
  }
  const startedAt = now();
  const runId = newRunId(startedAt);
  const resources: Record<string, ResourceManifest> = {};
  for (const [name, diff] of Object.entries(plan.resources)) {
    const resource = source.resources.find((r) => r.name === name);
    if (diff.after !== undefined || plan.changed.includes(name)) {
      // A state change writes no data: `written: false`, so `replace` still shows the last run that wrote the resource.
      resources[name] = { records: 0, pages: 0, files: [], ...(diff.after ? { state: diff.after } : {}), ...(resource ? writeHintsOf(resource, false) : { written: false }), redacted_values: 0 };
    }
  }
  const manifest: Manifest = {
    run_id: runId,
    source: source.name,
    status: 'succeeded',
    trigger: 'state',
    seq: plan.seq + 1,
    format: 'jsonl.gz',
    sluice_version: SLUICE_VERSION,
    started_at: startedAt.toISOString(),
    finished_at: now().toISOString(),
    resources,
  };
  const key = await commitManifest(store, prefix, manifest);
  // A fresh run id is never another delivery's; should a commit of it exist, this change did not land.
  if (key === COMMITTED_BY_ANOTHER_DELIVERY) throw new StateChangeError(source.name, [`run ${runId} committed seq ${manifest.seq} in another attempt; look at the state again`]);
  return { run_id: runId, seq: manifest.seq, manifest_key: key };
}

/** What the handler returns for `{"mode": "state"}`. */
export interface StateResponse {
  readonly mode: 'state';
  readonly source: string;
  /** The committed `seq`: the new one when the state changed. */
  readonly seq: number;
  /** The resources whose state changed (empty for a read or a change that changes nothing). */
  readonly changed: readonly string[];
  /** The state of every resource now (null: none, the next run starts from `initial_value`). */
  readonly resources: Readonly<Record<string, ResourceState | null>>;
  /** The state manifest, when one was committed. */
  readonly run_id?: string;
  readonly manifest_key?: string;
}

/**
 * Shows (without a request) or changes and commits the state in one step, as
 * the handler's `{"mode": "state"}` does: the payload is the confirmation.
 */
export async function changeState(store: ObjectStore, prefix: string, source: SourceModel, request: StateChangeRequest | undefined, now?: () => Date): Promise<StateResponse> {
  const plan = await planStateChange(store, prefix, source, request);
  const resources = Object.fromEntries(Object.entries(plan.resources).map(([n, d]) => [n, (request ? d.after : d.before) ?? null]));
  if (!request || plan.changed.length === 0) return { mode: 'state', source: source.name, seq: plan.seq, changed: [], resources };
  const committed = await commitStateChange(store, prefix, source, plan, now);
  return { mode: 'state', source: source.name, seq: committed.seq, changed: plan.changed, resources, run_id: committed.run_id, manifest_key: committed.manifest_key };
}
