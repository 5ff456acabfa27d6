/**
 * Cursor values compared the way their type means: ISO 8601 timestamps by
 * instant (so `…T10:00:00+02:00` equals `…T08:00:00Z`), numbers (and numeric
 * strings next to a number) numerically, other strings lexically.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The epoch milliseconds of an ISO 8601 string, else undefined. */
export function isoMillis(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareCursor(a: unknown, b: unknown): number {
  const ta = isoMillis(a);
  const tb = isoMillis(b);
  if (ta !== undefined && tb !== undefined) return ta - tb;
  if (typeof a === 'number' || typeof b === 'number') {
    const na = Number(a);
    const nb = Number(b);
    if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  }
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * `value` moved back by `lag`: seconds for an ISO timestamp (written back in
 * UTC, fractional seconds only when the input had them), units for a number.
 */
export function subtractLag(value: unknown, lag: number): unknown {
  if (!lag) return value;
  if (typeof value === 'number') return value - lag;
  const ms = isoMillis(value);
  if (ms !== undefined) {
    const iso = new Date(ms - lag * 1000).toISOString();
    return /\.\d+/.test(value as string) ? iso : iso.replace(/\.\d{3}Z$/, 'Z');
  }
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return String(Number(value) - lag);
  return value;
}
