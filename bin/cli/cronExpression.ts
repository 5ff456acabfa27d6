/**
 * EventBridge cron expressions (`cron(minutes hours day-of-month month
 * day-of-week year)`), parsed into a matcher for calendar days and the sorted
 * hours and minutes of a matching day. Supports `*`, `?`, lists, ranges, steps,
 * month and day names, and the day specials `L`, `LW`, `nW`, `nL` and `n#k`.
 * Day-of-week numbers run 1 (SUN) to 7 (SAT), as in EventBridge.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A parsed cron expression. */
export interface CronSchedule {
  /** Minutes of the hour that match, ascending. */
  readonly minutes: readonly number[];
  /** Hours of the day that match, ascending. */
  readonly hours: readonly number[];
  /** True when the calendar day (month 1–12) matches the day, month and year fields. */
  matchesDay(year: number, month: number, day: number): boolean;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 (SUN) … 7 (SAT). */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function value(token: string, names: readonly string[] | undefined, offset: number, field: string): number {
  const upper = token.toUpperCase();
  const named = names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + offset;
  if (!/^\d+$/.test(token)) throw new Error(`cron ${field}: "${token}" is not a number${names ? ` or a name (${names.join(', ')})` : ''}`);
  return Number(token);
}

/** Parses a list/range/step field into the set of values it holds. */
function parseSet(text: string, min: number, max: number, field: string, names?: readonly string[], nameOffset = 0): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron ${field}: bad step in "${part}"`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = value(a, names, nameOffset, field);
      to = value(b, names, nameOffset, field);
    } else {
      from = value(range, names, nameOffset, field);
      to = stepText === undefined ? from : max;
    }
    if (from < min || to > max || from > to) throw new Error(`cron ${field}: "${part}" is outside ${min}-${max}`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

type DayMatcher = (year: number, month: number, day: number) => boolean;

function dayOfMonthMatcher(text: string): DayMatcher {
  if (text === '?' || text === '*') return () => true;
  if (text === 'L') return (y, m, d) => d === daysInMonth(y, m);
  if (text === 'LW') {
    return (y, m, d) => {
      let last = daysInMonth(y, m);
      while (weekday(y, m, last) === 1 || weekday(y, m, last) === 7) last -= 1;
      return d === last;
    };
  }
  const nearest = /^(\d+)W$/.exec(text);
  if (nearest) {
    const target = Number(nearest[1]);
    return (y, m, d) => {
      const end = daysInMonth(y, m);
      let t = Math.min(target, end);
      const wd = weekday(y, m, t);
      // The nearest weekday, never leaving the month.
      if (wd === 7) t = t === 1 ? 3 : t - 1;
      else if (wd === 1) t = t === end ? t - 2 : t + 1;
      return d === t;
    };
  }
  const set = parseSet(text, 1, 31, 'day-of-month');
  return (_y, _m, d) => set.has(d);
}

function dayOfWeekMatcher(text: string): DayMatcher {
  if (text === '?' || text === '*') return () => true;
  if (text === 'L') return (y, m, d) => weekday(y, m, d) === 7;
  const last = /^(\w+)L$/.exec(text);
  if (last) {
    const wd = value(last[1], DAYS, 1, 'day-of-week');
    return (y, m, d) => weekday(y, m, d) === wd && d + 7 > daysInMonth(y, m);
  }
  const nth = /^(\w+)#([1-5])$/.exec(text);
  if (nth) {
    const wd = value(nth[1], DAYS, 1, 'day-of-week');
    const n = Number(nth[2]);
    return (y, m, d) => weekday(y, m, d) === wd && Math.ceil(d / 7) === n;
  }
  const set = parseSet(text, 1, 7, 'day-of-week', DAYS, 1);
  return (y, m, d) => set.has(weekday(y, m, d));
}

/**
 * Parses the inside of `cron(...)`.
 * @throws Error naming the field when a field is malformed
 */
export function parseCron(fieldsText: string): CronSchedule {
  const fields = fieldsText.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`a cron expression has 6 fields, got ${fields.length}`);
  const [min, hour, dom, month, dow, year] = fields;
  const minutes = [...parseSet(min, 0, 59, 'minutes')].sort((a, b) => a - b);
  const hours = [...parseSet(hour, 0, 23, 'hours')].sort((a, b) => a - b);
  const months = parseSet(month, 1, 12, 'month', MONTHS, 1);
  const years = year === '*' ? undefined : parseSet(year, 1970, 2199, 'year');
  const domMatch = dayOfMonthMatcher(dom.toUpperCase());
  const dowMatch = dayOfWeekMatcher(dow.toUpperCase());
  return {
    minutes,
    hours,
    matchesDay: (y, m, d) => (years === undefined || years.has(y)) && months.has(m) && domMatch(y, m, d) && dowMatch(y, m, d),
  };
}
