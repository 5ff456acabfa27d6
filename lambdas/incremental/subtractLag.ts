/**
 * `lag`: the start value moved back, so a window already read is read again
 * (late-arriving updates). Seconds for date-times, units for numbers, as in
 * dlt; the result keeps the value's own form (a numeric string stays a
 * string, a `datetime_format` value is written in that format).
 */
import type { CursorFormat, CursorType } from './CursorType';
import { isoInstant } from './CursorType';
import { formatWithFormat, parseWithFormat } from './datetimeFormat';

/** `value` (already known to be of `type`) moved back by `lag`. */
export function subtractLag(value: unknown, lag: number, type: CursorType, format: CursorFormat = {}): unknown {
  if (!lag) return value;
  if (type === 'number') {
    if (typeof value === 'number') return value - lag;
    const text = String(value);
    return /^-?\d+$/.test(text) && Number.isInteger(lag) ? String(BigInt(text) - BigInt(lag)) : String(Number(text) - lag);
  }
  const text = String(value);
  const formatted = format.datetimeFormat !== undefined ? parseWithFormat(text, format.datetimeFormat) : undefined;
  if (formatted) return formatWithFormat({ ms: formatted.ms - lag * 1000, ns: formatted.ns }, format.datetimeFormat as string);
  const instant = isoInstant(text);
  if (!instant) return value;
  const iso = new Date(instant.ms - lag * 1000).toISOString();
  // Fractional seconds only when the input had them.
  return /\d:\d{2}[.,]\d/.test(text) ? iso : iso.replace(/\.\d{3}Z$/, 'Z');
}
