/**
 * The next run times of a schedule, for `sluice list`: cron expressions are
 * evaluated in the source's time zone (as EventBridge Scheduler does with
 * `ScheduleExpressionTimezone`); a rate runs every interval from when the
 * schedule was created, which only the deployment knows, so its next times are
 * counted from `after`.
 */
import { parseSchedule } from './scheduleExpression';

/** Cron searches stop after this many days (a `year` field can make a schedule end). */
const SEARCH_DAYS = 366 * 5;

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of `instant` in `timeZone`. */
export function wallTime(instant: number, timeZone: string): Wall & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

function offsetAt(instant: number, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time of `timeZone` names; undefined inside a daylight-saving gap. */
function instantOf(wall: Wall, timeZone: string): number | undefined {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  let guess = asUtc - offsetAt(asUtc, timeZone);
  guess = asUtc - offsetAt(guess, timeZone);
  const back = wallTime(guess, timeZone);
  return back.hour === wall.hour && back.minute === wall.minute && back.day === wall.day ? guess : undefined;
}

/**
 * The next `count` run times strictly after `after`.
 * @throws ScheduleSyntaxError when the expression is neither a valid rate nor a valid cron expression
 */
export function nextRunTimes(expression: string, timeZone: string, after: Date, count: number): Date[] {
  const parsed = parseSchedule(expression);
  if (parsed.kind === 'rate') {
    return Array.from({ length: count }, (_, i) => new Date(after.getTime() + parsed.intervalMs * (i + 1)));
  }
  const schedule = parsed.cron;
  const out: Date[] = [];
  const start = wallTime(after.getTime(), timeZone);
  const day = new Date(Date.UTC(start.year, start.month - 1, start.day));
  for (let i = 0; i < SEARCH_DAYS && out.length < count; i += 1, day.setUTCDate(day.getUTCDate() + 1)) {
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    if (!schedule.matchesDay(y, m, d)) continue;
    for (const hour of schedule.hours) {
      for (const minute of schedule.minutes) {
        const instant = instantOf({ year: y, month: m, day: d, hour, minute }, timeZone);
        if (instant !== undefined && instant > after.getTime()) out.push(new Date(instant));
        if (out.length === count) return out;
      }
    }
  }
  return out;
}

/** `2026-03-29 02:00` as the wall clock of `timeZone` shows `date`. */
export function formatInZone(date: Date, timeZone: string): string {
  const w = wallTime(date.getTime(), timeZone);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}
