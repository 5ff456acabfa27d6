/**
 * The incremental progress of one request chain (a top-level resource, or one
 * parent record of a child with per-parent cursors): the window it asks for,
 * which records it keeps, the highest cursor value it saw and the keys of the
 * records at that value, the drop of records the previous committed run
 * already wrote at its boundary, and (for `append`) the drop of records that
 * truncated runs committed above the state they kept (see aheadKeys.ts).
 */
import { IncrementalCursor } from '../incremental/IncrementalCursor';
import type { TemplateVars } from '../request/TemplateVars';
import type { BackfillWindow, CursorSettings } from '../incremental/IncrementalCursor';
import type { IncrementalState } from '../commit/manifest';
import { aheadKey, MAX_AHEAD_KEYS } from './aheadKeys';
import { recordKey } from './boundaryDedupe';

export type { BackfillWindow };

/** Options of {@link ChainCursor}. */
export interface ChainCursorOptions {
  /** The resource, named in errors. */
  readonly resource: string;
  readonly incremental: CursorSettings;
  readonly primaryKey: readonly string[] | undefined;
  /** False: write the records at the committed boundary again (`dropsBoundaryRecords` in boundaryDedupe.ts). @default true */
  readonly dropBoundary?: boolean;
  /** The committed state of this chain (latest succeeded manifest). */
  readonly stored?: IncrementalState;
  /** A backfill: ask for this window; no dedupe; the state is not moved by the caller. */
  readonly window?: BackfillWindow;
  /** Progress saved by a checkpoint of this same run (a continuation). */
  readonly progress?: IncrementalState;
  /**
   * True for an `append` resource, whose committed view would show a record
   * twice. `merge` keeps one version per key anyway (and should see a
   * re-read's newer fields), `replace` shows only the latest run (which must
   * then hold every record it read): neither drops nor keeps ahead keys.
   * @default false
   */
  readonly append?: boolean;
  /** True when `max_pages` may cut the chain short: only then are the ahead keys of what it writes kept. @default false */
  readonly truncates?: boolean;
  /** The ahead keys this run wrote before its checkpoint (a continuation). */
  readonly progressAhead?: readonly string[];
}

/** Incremental progress of one chain. */
export class ChainCursor {
  private readonly cursor: IncrementalCursor;
  private readonly dropKeys: ReadonlySet<string>;
  private readonly dropValue: unknown;
  /** The state the window starts from; undefined for a stateless window. */
  private readonly from: IncrementalState | undefined;
  /** Records committed above `from` by truncated runs: in the view already. */
  private readonly dropAhead: ReadonlySet<string>;
  /** True when the ahead keys of what this chain writes are kept (in case it ends truncated). */
  private readonly collect: boolean;
  /** Whether a record at exactly `from.last_value` is re-read and deduplicated by the next run (no lag, closed start). */
  private readonly boundaryReread: boolean;
  private readonly written: Set<string>;
  private lastValue: unknown;
  private boundaryKeys: Set<string>;

  constructor(private readonly options: ChainCursorOptions) {
    const { incremental, stored, window, progress } = options;
    this.cursor = new IncrementalCursor(incremental, {
      resource: options.resource,
      stored: window ? undefined : stored?.last_value,
      storedType: stored?.cursor_type,
      backfill: window,
    });
    const stateless = this.cursor.stateless;
    this.from = stateless ? undefined : stored;
    // With lag the re-read window is written again on purpose (CONTRACT); a stateless window
    // (backfill, end_value) ignores the state; an open range start never re-reads the boundary; a replace
    // or merge_key resource needs them in the new run (dropsBoundaryRecords).
    this.boundaryReread = incremental.lag === 0 && incremental.rangeStart === 'closed';
    const dedupe = options.dropBoundary !== false && this.boundaryReread && this.from !== undefined && this.from.last_value !== undefined;
    this.dropKeys = new Set(dedupe ? stored?.boundary_keys : []);
    this.dropValue = dedupe ? stored?.last_value : undefined;
    const aheadApplies = options.append === true && !stateless;
    this.dropAhead = new Set(aheadApplies ? (this.from?.ahead_keys ?? []) : []);
    this.collect = aheadApplies && options.truncates === true;
    this.written = new Set(this.collect ? (options.progressAhead ?? []) : []);
    const base = progress ?? this.from;
    this.lastValue = base?.last_value;
    this.boundaryKeys = new Set(base?.boundary_keys ?? []);
    if (progress) this.cursor.restore(progress.last_value, progress.cursor_type);
  }

  /** True when the window does not come from the state (a backfill, or `end_value`): the state must not move. */
  get stateless(): boolean {
    return this.cursor.stateless;
  }

  /** With `row_order`: values left the window, no further page is needed. */
  get exhausted(): boolean {
    return this.cursor.exhausted;
  }

  /** The `{incremental.…}` values of this chain's requests. */
  get vars(): NonNullable<TemplateVars['incremental']> {
    return this.cursor.templateVars();
  }

  /**
   * Decides whether a record is written, and tracks the highest value.
   * @param where for messages: e.g. `page 3, record 17`
   */
  accept(record: unknown, where: number | string): boolean {
    if (this.cursor.observe(record, where) === 'exclude') return false;
    const value = this.cursor.valueOf(record);
    if (value === undefined) return true;
    const key = recordKey(record, this.options.primaryKey);
    if (this.dropKeys.size > 0 && this.cursor.same(value, this.dropValue) && this.dropKeys.has(key)) return false;
    const highest = this.cursor.lastValue;
    if (!this.cursor.same(highest, this.lastValue)) {
      this.lastValue = highest;
      this.boundaryKeys = new Set();
    }
    if (this.cursor.same(value, this.lastValue)) this.boundaryKeys.add(key);
    if (this.dropAhead.size === 0 && !this.collect) return true;
    const ahead = aheadKey(key, this.cursor.pointOf(value) as string);
    // Committed by a truncated run before this one. It still counts for the state above (and
    // at the new boundary its key is kept, so the run after this one drops it again).
    if (this.dropAhead.has(ahead)) return false;
    // Past the limit the set is not grown: a run that ends truncated then fails (aheadKeysOf), one that does not needs none.
    if (this.collect && this.rereads(value) && this.written.size <= MAX_AHEAD_KEYS) this.written.add(ahead);
    return true;
  }

  /** True when the next run, starting from the state this run would keep, reads this value again without dropping it. */
  private rereads(value: unknown): boolean {
    const kept = this.from?.last_value;
    if (kept === undefined) return true;
    // At the kept value itself: deduplicated only when the boundary is re-read; with lag it is written again on purpose.
    return this.cursor.above(value, kept) || (this.boundaryReread && this.cursor.same(value, kept));
  }

  /** The state this chain reached so far: what a checkpoint saves, and what the next run starts from once committed. */
  state(): IncrementalState | undefined {
    if (this.lastValue === undefined) return undefined;
    const type = this.cursor.cursorType;
    return { last_value: this.lastValue, boundary_keys: [...this.boundaryKeys], ...(type ? { cursor_type: type } : {}) };
  }

  /** The ahead keys this run wrote so far: what a checkpoint saves with {@link state}. */
  aheadWritten(): string[] {
    return [...this.written];
  }

  /**
   * The state to commit once the chain ended; undefined when there is none to
   * commit (nothing seen and nothing stored).
   * - Read to the end: the highest value reached; the ahead keys are cleared,
   *   as every record above the state was read again (and dropped, if kept).
   * - Cut short, `row_order` `asc`: the highest value read (everything below
   *   it was read); the stored ahead keys stay, as their records may lie above it.
   * - Cut short otherwise: the stored state stays, and the ahead keys of what
   *   this run wrote above it are added (for `append`).
   * The caller checks the ahead keys against {@link MAX_AHEAD_KEYS}.
   */
  committedState(truncated: boolean): IncrementalState | undefined {
    // this.state() is undefined only when no value was seen and none was stored.
    const carried = this.from?.ahead_keys ?? [];
    if (!truncated) return this.state();
    if (!this.keepsState(truncated)) {
      const reached = this.state() ?? this.from;
      return reached && carried.length > 0 ? { ...reached, ahead_keys: [...carried] } : reached;
    }
    const ahead = [...new Set([...carried, ...this.written])];
    if (ahead.length === 0) return this.from;
    return { ...(this.from ?? { boundary_keys: [] }), ahead_keys: ahead };
  }

  /**
   * True when a chain that ended so keeps the stored state: cut short, and
   * the API's values not declared ascending (the pages not read may hold
   * values below the highest one read).
   */
  keepsState(truncated: boolean): boolean {
    return truncated && this.options.incremental.rowOrder !== 'asc';
  }
}
