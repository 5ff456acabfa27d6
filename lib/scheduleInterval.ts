/**
 * The longest time between two runs of a schedule, which sizes the "no
 * successful run within N schedule periods" alarm. A `rate(...)` gives it
 * directly. A `cron(...)` is expanded over one day (or one week when the
 * day-of-week is restricted) and the longest gap between consecutive firings is
 * taken, so `cron(0 9-17 ? * MON-FRI *)` yields the weekend gap (Fri 17:00 →
 * Mon 09:00), not one hour, and never raises a false alarm on Saturday.
 */
import { parseSchedule } from '../lambdas/schedule/scheduleExpression';

const MINUTES_PER_DAY = 1440;
/** 2023-01-01 was a Sunday: the seven days from it are SUN … SAT. */
const A_SUNDAY = { year: 2023, month: 1, day: 1 };

/**
 * Seconds between runs at most, or undefined when the schedule repeats on a
 * monthly or yearly pattern (day-of-month, month or year restricted, or the
 * `L`, `W`, `#` forms) that no CloudWatch alarm window can cover.
 * @param expression a schedule already checked by `scheduleProblems`
 */
export function scheduleIntervalSeconds(expression: string): number | undefined {
  const parsed = parseSchedule(expression);
  if (parsed.kind === 'rate') return parsed.intervalMs / 1000;
  const [, , dayOfMonth, month, dayOfWeek, year] = expression.slice('cron('.length, -1).trim().split(/\s+/);
  if (month !== '*' || year !== '*') return undefined;
  if (dayOfMonth !== '*' && dayOfMonth !== '?') return undefined;
  if (/[L#W]/i.test(dayOfWeek)) return undefined;
  const { minutes, hours } = parsed.cron;
  const weekly = dayOfWeek !== '*' && dayOfWeek !== '?';
  const days = weekly ? [0, 1, 2, 3, 4, 5, 6].filter((d) => parsed.cron.matchesDay(A_SUNDAY.year, A_SUNDAY.month, A_SUNDAY.day + d)) : [0];
  if (minutes.length === 0 || hours.length === 0 || days.length === 0) return undefined;
  const firings: number[] = [];
  for (const d of days) for (const h of hours) for (const m of minutes) firings.push(d * MINUTES_PER_DAY + h * 60 + m);
  firings.sort((a, b) => a - b);
  const cycle = weekly ? 7 * MINUTES_PER_DAY : MINUTES_PER_DAY;
  let gap = firings[0] + cycle - firings[firings.length - 1];
  for (let i = 1; i < firings.length; i++) gap = Math.max(gap, firings[i] - firings[i - 1]);
  return gap * 60;
}
