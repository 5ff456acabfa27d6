/**
 * The type of an incremental cursor (CONTRACT, "Incremental cursor types").
 * Values compare as numbers (JSON numbers and numeric strings alike, integers
 * exactly however long) or as instants (ISO 8601 / RFC 3339 dates and
 * date-times, or `datetime_format`), never as text: `"9"` is below `"10"`, and
 * `…T10:00:00+02:00` equals `…T08:00:00Z`. A resource's type is fixed by
 * `initial_value` or the first value seen and stored with its state.
 */
import type { Instant } from './datetimeFormat';
import { instantOf, parseWithFormat } from './datetimeFormat';

/** The cursor types, as stored in the state (`cursor_type`). */
export const CURSOR_TYPES = ['number', 'datetime'] as const;

/** `number`: JSON numbers and numeric strings; `datetime`: dates and date-times, compared as instants. */
export type CursorType = (typeof CURSOR_TYPES)[number];

/** A cursor value read as its type: what comparisons use. */
export type CursorKey =
  | { readonly type: 'number'; readonly num: number; /** Exact, for integers. */ readonly int: bigint | undefined }
  | ({ readonly type: 'datetime' } & Instant);

/** What a cursor reads its values with. */
export interface CursorFormat {
  /** `incremental.datetime_format`: declares a date-time cursor written this way. */
  readonly datetimeFormat?: string | undefined;
}

const NUMERIC = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^-?\d+$/;
const ISO =
  /^(?<Y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?:[Tt ](?<H>\d{2}):(?<M>\d{2})(?::(?<S>\d{2})(?:[.,](?<f>\d{1,9}))?)?(?<z>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

function numberKey(value: unknown): CursorKey | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return { type: 'number', num: value, int: Number.isSafeInteger(value) ? BigInt(value) : undefined };
  }
  if (typeof value !== 'string' || !NUMERIC.test(value)) return undefined;
  return { type: 'number', num: Number(value), int: INTEGER.test(value) ? BigInt(value) : undefined };
}

/** The instant of an ISO 8601 / RFC 3339 date or date-time (no offset: UTC), else undefined. */
export function isoInstant(value: unknown): Instant | undefined {
  if (typeof value !== 'string') return undefined;
  const groups = ISO.exec(value)?.groups;
  return groups ? instantOf(groups as Parameters<typeof instantOf>[0]) : undefined;
}

function datetimeKey(value: unknown, format: CursorFormat): CursorKey | undefined {
  if (typeof value !== 'string') return undefined;
  const instant = (format.datetimeFormat !== undefined ? parseWithFormat(value, format.datetimeFormat) : undefined) ?? isoInstant(value);
  return instant ? { type: 'datetime', ...instant } : undefined;
}

/** `value` read as a `type` cursor value, or undefined when it is not one. */
export function readCursor(value: unknown, type: CursorType, format: CursorFormat = {}): CursorKey | undefined {
  return type === 'number' ? numberKey(value) : datetimeKey(value, format);
}

/**
 * The type a value declares: `datetime` for every value when `datetime_format`
 * is set; else `number` for a number or numeric string, `datetime` for an ISO
 * date or date-time; undefined for anything else (text, booleans, objects).
 */
export function cursorTypeOf(value: unknown, format: CursorFormat = {}): CursorType | undefined {
  if (format.datetimeFormat !== undefined) return datetimeKey(value, format) ? 'datetime' : undefined;
  if (numberKey(value)) return 'number';
  if (datetimeKey(value, format)) return 'datetime';
  return undefined;
}

/**
 * The type a resource's settings declare: `datetime` with `datetime_format`,
 * else that of `initial_value`, else of `end_value`; undefined when none does
 * (the first value seen will).
 */
export function declaredCursorType(settings: { readonly initialValue?: unknown; readonly endValue?: unknown; readonly datetimeFormat?: string | undefined }): CursorType | undefined {
  if (settings.datetimeFormat !== undefined) return 'datetime';
  return cursorTypeOf(settings.initialValue) ?? cursorTypeOf(settings.endValue);
}

/** Negative when a < b, 0 when they mean the same point, positive when a > b. */
export function compareKeys(a: CursorKey, b: CursorKey): number {
  if (a.type === 'number' && b.type === 'number') {
    if (a.int !== undefined && b.int !== undefined) return a.int < b.int ? -1 : a.int > b.int ? 1 : 0;
    return a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
  }
  if (a.type === 'datetime' && b.type === 'datetime') return a.ms - b.ms || a.ns - b.ns;
  throw new TypeError(`cannot compare a ${a.type} cursor value with a ${b.type} one`);
}

/**
 * A cursor value as text that is equal exactly when the values compare equal
 * (`"42"`, `42` and `"42.0"` give `42`; date-times give their instant), for
 * identities that must not depend on how the API wrote the value.
 */
export function pointText(key: CursorKey): string {
  if (key.type === 'datetime') return `${key.ms}:${key.ns}`;
  // Integers past 2^53 are told apart by their exact digits; below that the number is exact.
  return key.int !== undefined && !Number.isSafeInteger(key.num) ? key.int.toString() : String(key.num);
}

/** The forms a value of `type` may take, for messages: `a number (42, "42")`. */
export function acceptedForms(type: CursorType | undefined, format: CursorFormat = {}): string {
  const number = 'a number (42, 1.5, or as a string "42")';
  const datetime = `an ISO 8601 / RFC 3339 date or date-time (2026-01-31, 2026-01-31T00:00:00Z${format.datetimeFormat !== undefined ? `, or as datetime_format "${format.datetimeFormat}" writes it` : ''})`;
  if (type === 'number') return number;
  if (type === 'datetime') return datetime;
  return format.datetimeFormat !== undefined ? datetime : `${number} or ${datetime}`;
}

/** `a number` / `a date-time`, for messages. */
export function typeName(type: CursorType): string {
  return type === 'number' ? 'a number' : 'a date-time';
}

/** A value as JSON for messages, shortened past 80 characters. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}… (${text.length} characters)` : text;
}
