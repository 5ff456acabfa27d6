/**
 * The incremental window of one request chain and the highest cursor value
 * seen in it. The start is the last committed value minus `lag` (else
 * `initial_value`, or a backfill window's `from`); records below the start or
 * at/after the end (`range_end` is open, as in dlt) are excluded.
 */
import type { NormalizedIncremental } from '../config/NormalizedSource';
import { CursorValueMissingError } from '../errors/CursorValueMissingError';
import type { TemplateVars } from '../request/TemplateVars';
import { queryFirst } from '../selectors/jsonPath';
import { compareCursor, subtractLag } from './compareCursor';

/** A backfill window that replaces the stored state for one run. */
export interface BackfillWindow {
  /** The window's start; absent: `initial_value`. */
  readonly from?: unknown;
  /** The window's end (exclusive); absent: `end_value`. */
  readonly to?: unknown;
}

/** What {@link IncrementalCursor.observe} decided for a record. */
export type CursorVerdict = 'keep' | 'exclude';

/** Tracks the cursor of one request chain. */
export class IncrementalCursor {
  /** The value sent as the window's start. */
  readonly startValue: unknown;
  /** The window's end (exclusive), if any. */
  readonly endValue: unknown;
  #highest: unknown;

  constructor(
    private readonly config: NormalizedIncremental,
    /** The value stored by the last committed run, if any. */
    stored?: unknown,
    backfill?: BackfillWindow,
  ) {
    if (backfill) {
      this.startValue = backfill.from ?? config.initial_value;
      this.endValue = backfill.to ?? config.end_value;
    } else {
      this.startValue = stored !== undefined && stored !== null ? subtractLag(stored, config.lag) : config.initial_value;
      this.endValue = config.end_value;
    }
    this.#highest = stored ?? undefined;
  }

  /**
   * The `{incremental.…}` values, with dlt's meanings: `initial_value` as
   * declared; `start_value` the window's start; `last_value` the highest value
   * committed so far minus `lag` (what dlt sends as `start_param`), which at
   * request time is the start; `end_value` the window's end.
   */
  templateVars(): NonNullable<TemplateVars['incremental']> {
    return { initial_value: this.config.initial_value, start_value: this.startValue, last_value: this.startValue, end_value: this.endValue };
  }

  /** The record's cursor value, or undefined when it has none (missing or null). */
  valueOf(record: unknown): unknown {
    const { found, value } = queryFirst(this.config.cursor_path, record);
    return found && value !== null ? value : undefined;
  }

  /**
   * Reads one record's cursor: tracks the highest value and says whether the
   * record is kept.
   * @param position where the record is (a 0-based index or e.g. `page 3, record 17`), named in the error.
   * @throws CursorValueMissingError when the value is missing and the policy is `raise`.
   */
  observe(record: unknown, position: number | string): CursorVerdict {
    const value = this.valueOf(record);
    if (value === undefined) {
      if (this.config.onCursorValueMissing === 'raise') {
        const keys = record && typeof record === 'object' ? Object.keys(record) : [];
        throw new CursorValueMissingError(this.config.cursor_path, position, keys);
      }
      return this.config.onCursorValueMissing === 'include' ? 'keep' : 'exclude';
    }
    if (this.startValue !== undefined && this.startValue !== null && compareCursor(value, this.startValue) < 0) return 'exclude';
    if (this.endValue !== undefined && this.endValue !== null && compareCursor(value, this.endValue) >= 0) return 'exclude';
    if (this.#highest === undefined || compareCursor(value, this.#highest) > 0) this.#highest = value;
    return 'keep';
  }

  /** Resumes a continuation: `value` (the highest seen before the checkpoint) counts as seen. */
  restore(value: unknown): void {
    if (value === undefined || value === null) return;
    if (this.#highest === undefined || compareCursor(value, this.#highest) > 0) this.#highest = value;
  }

  /** The highest cursor value seen, never below the stored one: what the next run starts from once committed. */
  get lastValue(): unknown {
    return this.#highest;
  }
}
