/**
 * The incremental progress of one request chain (a top-level resource, or one
 * parent record of a child with per-parent cursors): the window it asks for,
 * which records it keeps, the highest cursor value it saw and the keys of the
 * records at that value, and the drop of records the previous committed run
 * already wrote at its boundary.
 */
import { IncrementalCursor } from '../incremental/IncrementalCursor';
import type { TemplateVars } from '../request/TemplateVars';
import type { BackfillWindow, CursorSettings } from '../incremental/IncrementalCursor';
import type { IncrementalState } from '../commit/manifest';
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
}

/** Incremental progress of one chain. */
export class ChainCursor {
  private readonly cursor: IncrementalCursor;
  private readonly dropKeys: ReadonlySet<string>;
  private readonly dropValue: unknown;
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
    // With lag the re-read window is written again on purpose (CONTRACT); a stateless window
    // (backfill, end_value) ignores the state; an open range start never re-reads the boundary; a merge_key
    // resource needs them in the new run.
    const dedupe = options.dropBoundary !== false && !stateless && incremental.lag === 0 && incremental.rangeStart === 'closed' && stored !== undefined && stored.last_value !== undefined;
    this.dropKeys = new Set(dedupe ? stored.boundary_keys : []);
    this.dropValue = dedupe ? stored.last_value : undefined;
    const base = progress ?? (stateless ? undefined : stored);
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
    const key = this.dropKeys.size > 0 || value !== undefined ? recordKey(record, this.options.primaryKey) : '';
    if (this.dropKeys.size > 0 && this.cursor.same(value, this.dropValue) && this.dropKeys.has(key)) return false;
    if (value === undefined) return true;
    const highest = this.cursor.lastValue;
    if (!this.cursor.same(highest, this.lastValue)) {
      this.lastValue = highest;
      this.boundaryKeys = new Set();
    }
    if (this.cursor.same(value, this.lastValue)) this.boundaryKeys.add(key);
    return true;
  }

  /** The state this chain reached: what the next run starts from. */
  state(): IncrementalState | undefined {
    if (this.lastValue === undefined) return undefined;
    const type = this.cursor.cursorType;
    return { last_value: this.lastValue, boundary_keys: [...this.boundaryKeys], ...(type ? { cursor_type: type } : {}) };
  }
}
