/**
 * `incremental.datetime_format`: date-times that are not ISO 8601, written in
 * the strftime directives dlt users know (`%d/%m/%Y %H:%M`). A value is read
 * as an instant in UTC unless the format has `%z`; the value sent back to the
 * API (a start moved back by `lag`) is written in the same format.
 */

/** Directives understood, with what each one matches. */
const DIRECTIVES: Readonly<Record<string, string>> = Object.freeze({
  Y: '(?<Y>\\d{4})',
  m: '(?<m>\\d{1,2})',
  d: '(?<d>\\d{1,2})',
  H: '(?<H>\\d{1,2})',
  M: '(?<M>\\d{1,2})',
  S: '(?<S>\\d{1,2})',
  f: '(?<f>\\d{1,9})',
  z: '(?<z>Z|[+-]\\d{2}(?::?\\d{2})?)',
  '%': '%',
});

/** An instant: epoch milliseconds and the nanoseconds within that millisecond. */
export interface Instant {
  readonly ms: number;
  readonly ns: number;
}

const compiled = new Map<string, RegExp>();

/** Why `format` cannot be used, or undefined when it can. */
export function datetimeFormatProblem(format: string): string | undefined {
  const unknown = [...format.matchAll(/%(.?)/g)].map((m) => m[1]).filter((d) => !(d in DIRECTIVES));
  if (unknown.length > 0) {
    return `unknown directive ${unknown.map((d) => `%${d}`).join(', ')}; accepted: ${Object.keys(DIRECTIVES).map((d) => `%${d}`).join(' ')}`;
  }
  const missing = ['Y', 'm', 'd'].filter((d) => !format.includes(`%${d}`));
  if (missing.length > 0) return `a date-time format needs %Y, %m and %d (missing ${missing.map((d) => `%${d}`).join(', ')})`;
  return undefined;
}

function regexOf(format: string): RegExp {
  let re = compiled.get(format);
  if (!re) {
    const body = format.replace(/%(.)|([^%]+)/g, (_, directive: string | undefined, literal: string | undefined) =>
      directive !== undefined ? DIRECTIVES[directive] : (literal as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
    re = new RegExp(`^${body}$`);
    compiled.set(format, re);
  }
  return re;
}

/** Milliseconds east of UTC of `Z`, `+02`, `+0200` or `+02:00`. */
function offsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)) * 60_000;
}

/** The instant of calendar fields, or undefined when a field is out of range (`2026-02-30`, `25:00`). */
export function instantOf(fields: { Y: string; m: string; d: string; H?: string; M?: string; S?: string; f?: string; z?: string }): Instant | undefined {
  const [y, mo, d, h, mi, s] = [fields.Y, fields.m, fields.d, fields.H ?? '0', fields.M ?? '0', fields.S ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  if (date.getUTCDate() !== d || date.getUTCMonth() !== mo - 1) return undefined;
  const fraction = (fields.f ?? '').padEnd(9, '0');
  const ms = date.getTime() + Number(fraction.slice(0, 3)) - offsetMs(fields.z);
  return Number.isFinite(ms) ? { ms, ns: Number(fraction.slice(3, 9)) } : undefined;
}

/** Reads `value` with `format`; undefined when it does not match or names no real date-time. */
export function parseWithFormat(value: string, format: string): Instant | undefined {
  const groups = regexOf(format).exec(value)?.groups;
  return groups ? instantOf(groups as Parameters<typeof instantOf>[0]) : undefined;
}

/** Writes an instant with `format`, in UTC (`%z` is `+0000`, `%f` six digits as in Python). */
export function formatWithFormat(instant: Instant, format: string): string {
  const date = new Date(instant.ms);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const values: Record<string, string> = {
    Y: pad(date.getUTCFullYear(), 4),
    m: pad(date.getUTCMonth() + 1),
    d: pad(date.getUTCDate()),
    H: pad(date.getUTCHours()),
    M: pad(date.getUTCMinutes()),
    S: pad(date.getUTCSeconds()),
    f: `${pad(date.getUTCMilliseconds(), 3)}${pad(Math.floor(instant.ns / 1000), 3)}`,
    z: '+0000',
    '%': '%',
  };
  return format.replace(/%(.)/g, (_, d: string) => values[d] ?? `%${d}`);
}
