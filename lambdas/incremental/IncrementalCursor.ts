/**
 * The incremental window of one request chain and the highest cursor value
 * seen in it, compared by the cursor's type (never as text). The start is the
 * last committed value minus `lag`, else `initial_value`; with `end_value` or
 * a backfill window the chain is stateless: `[initial_value (or from),
 * end_value (or to))` whatever the state says. `range_start`/`range_end` say
 * whether the bounds themselves are in (dlt: start closed, end open). With
 * `row_order` the cursor also says when the chain can stop: values left the
 * window and will not come back.
 */
import type { IncrementalModel } from '../model';
import { CursorBoundError } from '../errors/CursorBoundError';
import { CursorValueError } from '../errors/CursorValueError';
import { CursorValueMissingError } from '../errors/CursorValueMissingError';
import type { TemplateVars } from '../request/TemplateVars';
import { queryFirst } from '../selectors/jsonPath';
import type { CursorKey, CursorType } from './CursorType';
import { acceptedForms, compareKeys, cursorTypeOf, pointText, preview, readCursor, typeName } from './CursorType';
import { subtractLag } from './subtractLag';

/** The settings the cursor runs on (the resource's incremental model). */
export type CursorSettings = Pick<
  IncrementalModel,
  'cursorPath' | 'initialValue' | 'endValue' | 'lag' | 'onCursorValueMissing' | 'rangeStart' | 'rangeEnd' | 'rowOrder' | 'datetimeFormat' | 'convert'
>;

/** A backfill window that replaces the stored state for one run. */
export interface BackfillWindow {
  /** The window's start; absent: `initial_value`. */
  readonly from?: unknown;
  /** The window's end (exclusive); absent: `end_value`. */
  readonly to?: unknown;
}

/** Where the cursor starts from. */
export interface CursorStart {
  /** The resource, named in every error. */
  readonly resource: string;
  /** The value stored by the last committed run, if any. */
  readonly stored?: unknown;
  /** Its type as stored; absent in state written before types were stored: inferred from the value. */
  readonly storedType?: CursorType;
  /** A backfill window: its own bounds, the state is ignored. */
  readonly backfill?: BackfillWindow;
}

/** What {@link IncrementalCursor.observe} decided for a record. */
export type CursorVerdict = 'keep' | 'exclude';

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** True when a chain's window does not come from the state (`end_value`, or a backfill): the state must not move. */
export function isStateless(config: Pick<CursorSettings, 'endValue'>, backfill: BackfillWindow | undefined): boolean {
  return backfill !== undefined || present(config.endValue);
}

/** Tracks the cursor of one request chain. */
export class IncrementalCursor {
  /** The value sent as the window's start. */
  readonly startValue: unknown;
  /** The window's end, if any. */
  readonly endValue: unknown;
  /** True when the window does not come from the state (`end_value` or a backfill): the state must not move. */
  readonly stateless: boolean;
  readonly #resource: string;
  #type: CursorType | undefined;
  #startKey: CursorKey | undefined;
  #endKey: CursorKey | undefined;
  #highest: unknown;
  #highestKey: CursorKey | undefined;
  #belowStart = false;
  #pastEnd = false;

  constructor(
    private readonly config: CursorSettings,
    start: CursorStart,
  ) {
    const { backfill, stored } = start;
    this.#resource = start.resource;
    this.stateless = isStateless(config, backfill);
    const declared = config.datetimeFormat !== undefined ? 'datetime' : undefined;
    const bounds: Array<[string, unknown]> = [];
    if (this.stateless) {
      const from = backfill?.from ?? config.initialValue;
      this.endValue = backfill?.to ?? config.endValue;
      bounds.push([backfill?.from !== undefined ? 'from' : 'initial_value', from], [backfill?.to !== undefined ? 'to' : 'end_value', this.endValue]);
      this.#type = declared ?? this.#typeOfBounds(bounds);
      this.#check(bounds);
      this.startValue = from;
    } else if (present(stored)) {
      this.endValue = undefined;
      this.#type = declared ?? start.storedType ?? cursorTypeOf(stored);
      this.#check([['the committed state', stored]]);
      if (present(config.initialValue) && cursorTypeOf(config.initialValue, config) !== this.#type) {
        throw new CursorBoundError(
          this.#resource,
          'initial_value',
          preview(config.initialValue),
          `${typeName(this.#type as CursorType)} like the committed state (${preview(stored)}): the cursor changed type; reset the resource's state`,
        );
      }
      this.startValue = subtractLag(stored, config.lag, this.#type as CursorType, config);
      this.#highest = stored;
      this.#highestKey = this.#key(stored);
    } else {
      this.endValue = undefined;
      bounds.push(['initial_value', config.initialValue]);
      this.#type = declared ?? this.#typeOfBounds(bounds);
      this.#check(bounds);
      this.startValue = config.initialValue;
    }
    this.#startKey = this.#key(this.startValue);
    this.#endKey = this.#key(this.endValue);
  }

  #typeOfBounds(bounds: ReadonlyArray<[string, unknown]>): CursorType | undefined {
    for (const [field, value] of bounds) {
      if (!present(value)) continue;
      const type = cursorTypeOf(value, this.config);
      if (!type) throw new CursorBoundError(this.#resource, field, preview(value), acceptedForms(undefined, this.config));
      return type;
    }
    return undefined;
  }

  #check(bounds: ReadonlyArray<[string, unknown]>): void {
    for (const [field, value] of bounds) {
      if (!present(value)) continue;
      if (!this.#type || !readCursor(value, this.#type, this.config)) {
        throw new CursorBoundError(this.#resource, field, preview(value), acceptedForms(this.#type, this.config));
      }
    }
  }

  #key(value: unknown): CursorKey | undefined {
    return present(value) && this.#type ? readCursor(value, this.#type, this.config) : undefined;
  }

  /** The cursor's type: declared, stored, from the bounds, or from the first value seen. */
  get cursorType(): CursorType | undefined {
    return this.#type;
  }

  /**
   * The `{incremental.…}` values, with dlt's meanings: `initial_value` as
   * declared; `start_value` the window's start; `last_value` the highest value
   * committed so far minus `lag` (what dlt sends as `start_param`), which at
   * request time is the start; `end_value` the window's end. With `convert`
   * (dlt), each goes out converted.
   */
  templateVars(): NonNullable<TemplateVars['incremental']> {
    const convert = this.config.convert;
    const sent = (value: unknown): unknown => (convert && present(value) ? convert(value) : value);
    const start = sent(this.startValue);
    return { initial_value: sent(this.config.initialValue), start_value: start, last_value: start, end_value: sent(this.endValue) };
  }

  /** The record's cursor value, or undefined when it has none (missing or null). */
  valueOf(record: unknown): unknown {
    const { found, value } = queryFirst(this.config.cursorPath, record);
    return found && value !== null ? value : undefined;
  }

  /**
   * A record's cursor value read as the cursor's type (which the first value
   * fixes when nothing else did).
   * @throws CursorValueError when the value is of another type, a boolean, an object or an unparseable date
   */
  keyOf(value: unknown, position: number | string): CursorKey {
    if (!this.#type) {
      const type = cursorTypeOf(value, this.config);
      if (!type) throw new CursorValueError(this.#resource, position, this.config.cursorPath, preview(value), acceptedForms(undefined, this.config));
      this.#type = type;
    }
    const key = readCursor(value, this.#type, this.config);
    if (!key) {
      throw new CursorValueError(this.#resource, position, this.config.cursorPath, preview(value), `${acceptedForms(this.#type, this.config)}, the type of this cursor`);
    }
    return key;
  }

  /**
   * Reads one record's cursor: tracks the highest value and says whether the
   * record is kept.
   * @param position where the record is (a 0-based index or e.g. `page 3, record 17`), named in errors.
   * @throws CursorValueMissingError when the value is missing and the policy is `raise`
   * @throws CursorValueError when the value is not of the cursor's type
   */
  observe(record: unknown, position: number | string): CursorVerdict {
    const value = this.valueOf(record);
    if (value === undefined) {
      if (this.config.onCursorValueMissing === 'raise') {
        const keys = record && typeof record === 'object' ? Object.keys(record) : [];
        throw new CursorValueMissingError(this.config.cursorPath, position, keys);
      }
      return this.config.onCursorValueMissing === 'include' ? 'keep' : 'exclude';
    }
    const key = this.keyOf(value, position);
    if (this.#startKey) {
      const c = compareKeys(key, this.#startKey);
      if (c < 0 || (c === 0 && this.config.rangeStart === 'open')) {
        this.#belowStart = true;
        return 'exclude';
      }
    }
    if (this.#endKey) {
      const c = compareKeys(key, this.#endKey);
      if (c > 0 || (c === 0 && this.config.rangeEnd === 'open')) {
        this.#pastEnd = true;
        return 'exclude';
      }
    }
    if (!this.#highestKey || compareKeys(key, this.#highestKey) > 0) {
      this.#highest = value;
      this.#highestKey = key;
    }
    return 'keep';
  }

  /** True when two cursor values mean the same point (false when either is absent or not of the cursor's type). */
  same(a: unknown, b: unknown): boolean {
    const ka = this.#key(a);
    const kb = this.#key(b);
    return ka !== undefined && kb !== undefined && compareKeys(ka, kb) === 0;
  }

  /** True when `a` is above `b` (false when either is absent or not of the cursor's type). */
  above(a: unknown, b: unknown): boolean {
    const ka = this.#key(a);
    const kb = this.#key(b);
    return ka !== undefined && kb !== undefined && compareKeys(ka, kb) > 0;
  }

  /** A value as the cursor compares it, as text ({@link pointText}); undefined when it is not of the cursor's type. */
  pointOf(value: unknown): string | undefined {
    const key = this.#key(value);
    return key ? pointText(key) : undefined;
  }

  /**
   * With `row_order`, true once values have left the window for good: past
   * the end of an ascending API, below the start of a descending one (dlt's
   * `can_close`). The chain requests no further page.
   */
  get exhausted(): boolean {
    return (this.config.rowOrder === 'asc' && this.#pastEnd) || (this.config.rowOrder === 'desc' && this.#belowStart);
  }

  /** Resumes a continuation: `value` (the highest seen before the checkpoint, of `type`) counts as seen. */
  restore(value: unknown, type?: CursorType): void {
    if (!present(value)) return;
    this.#type ??= type ?? cursorTypeOf(value, this.config);
    const key = this.#key(value);
    if (key && (!this.#highestKey || compareKeys(key, this.#highestKey) > 0)) {
      this.#highest = value;
      this.#highestKey = key;
    }
  }

  /** The highest cursor value seen, never below the stored one: what the next run starts from once committed. */
  get lastValue(): unknown {
    return this.#highest;
  }
}
