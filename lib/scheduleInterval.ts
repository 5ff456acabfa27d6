/**
 * The longest time between two runs of a schedule, which sizes the "no
 * successful run within N schedule periods" alarm. A `rate(...)` gives it
 * directly. A `cron(...)` is expanded over one day (or one week when the
 * day-of-week is restricted) and the longest gap between consecutive firings is
 * taken, so `cron(0 9-17 ? * MON-FRI *)` yields the weekend gap (Fri 17:00 →
 * Mon 09:00), not one hour, and never raises a false alarm on Saturday.
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86_400 };
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MINUTES_PER_DAY = 1440;

/**
 * Seconds between runs at most, or undefined when the schedule repeats on a
 * monthly or yearly pattern (day-of-month, month or year restricted, or the
 * `L`, `W`, `#` forms) that no CloudWatch alarm window can cover.
 * @param expression a schedule already checked by `validateSchedule`
 */
export function scheduleIntervalSeconds(expression: string): number | undefined {
  const rate = RATE.exec(expression);
  if (rate) return Number(rate[1]) * UNIT_SECONDS[rate[2].replace(/s$/, '')];
  const cron = /^cron\(([^)]+)\)$/.exec(expression);
  if (!cron) return undefined;
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = cron[1].trim().split(/\s+/);
  if (month !== '*' || (year !== undefined && year !== '*')) return undefined;
  if (dayOfMonth !== '*' && dayOfMonth !== '?') return undefined;
  const minutes = expandField(minute, 0, 59);
  const hours = expandField(hour, 0, 23);
  const weekly = dayOfWeek !== '*' && dayOfWeek !== '?';
  // EventBridge numbers days 1 (SUN) to 7 (SAT); shift to 0-based.
  const days = weekly ? expandField(dayOfWeek, 1, 7, DAY_NAMES)?.map((d) => d - 1) : [0];
  if (!minutes || !hours || !days || minutes.length === 0 || hours.length === 0 || days.length === 0) return undefined;
  const firings: number[] = [];
  for (const d of days) for (const h of hours) for (const m of minutes) firings.push(d * MINUTES_PER_DAY + h * 60 + m);
  firings.sort((a, b) => a - b);
  const cycle = weekly ? 7 * MINUTES_PER_DAY : MINUTES_PER_DAY;
  let gap = firings[0] + cycle - firings[firings.length - 1];
  for (let i = 1; i < firings.length; i++) gap = Math.max(gap, firings[i] - firings[i - 1]);
  return gap * 60;
}

/** Expands one cron field (`*`, `n`, `a-b`, lists, `/step`) into its values; undefined for forms it does not know. */
function expandField(field: string, min: number, max: number, names: readonly string[] = []): number[] | undefined {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!match) return undefined;
    const step = match[2] === undefined ? 1 : Number(match[2]);
    if (step < 1) return undefined;
    let from = min;
    let to = max;
    if (match[1] !== '*') {
      const [a, b] = match[1].split('-').map((token) => valueOf(token, min, names));
      if (a === undefined || (match[1].includes('-') && b === undefined)) return undefined;
      from = a;
      to = b ?? (match[2] === undefined ? a : max);
    }
    if (from < min || to > max || from > to) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values];
}

function valueOf(token: string, min: number, names: readonly string[]): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  const index = names.indexOf(token.toUpperCase());
  return index >= 0 ? index + min : undefined;
}
