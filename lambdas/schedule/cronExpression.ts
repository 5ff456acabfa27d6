/**
 * EventBridge cron expressions (`cron(minutes hours day-of-month month
 * day-of-week year)`), parsed into a matcher for calendar days and the sorted
 * hours and minutes of a matching day. Supports `*`, `?`, lists, ranges, steps,
 * month and day names, and the day specials `L`, `LW`, `nW`, `nL` and `n#k`.
 * Day-of-week numbers run 1 (SUN) to 7 (SAT), as in EventBridge. Every field is
 * checked against its range, and every bad field is reported, not only the first.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The six fields of an EventBridge cron expression, in order, with the values each accepts. */
export const CRON_FIELDS = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS },
  { name: 'year', min: 1970, max: 2199 },
] as const;

type FieldSpec = (typeof CRON_FIELDS)[number];

/** A parsed cron expression. */
export interface CronSchedule {
  /** Minutes of the hour that match, ascending. */
  readonly minutes: readonly number[];
  /** Hours of the day that match, ascending. */
  readonly hours: readonly number[];
  /** True when the calendar day (month 1–12) matches the day, month and year fields. */
  matchesDay(year: number, month: number, day: number): boolean;
}

/** One field of a cron expression that is out of range or malformed. */
export interface CronFieldProblem {
  /** The field's name: `minutes`, `hours`, `day-of-month`, `month`, `day-of-week` or `year`. */
  readonly field: string;
  /** What is wrong, naming the field's accepted range, e.g. `minutes "99" is outside 0-59`. */
  readonly message: string;
}

/** A cron expression whose fields do not parse; `problems` lists each bad field. */
export class CronSyntaxError extends Error {
  constructor(readonly problems: readonly CronFieldProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'CronSyntaxError';
  }
}

/** Thrown inside one field's parse; collected per field by {@link parseCron}. */
class FieldError extends Error {}

function rangeOf(spec: FieldSpec): string {
  const names = 'names' in spec ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
  return `${spec.min}-${spec.max}${names}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 (SUN) … 7 (SAT). */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function value(token: string, spec: FieldSpec): number {
  const names: readonly string[] | undefined = 'names' in spec ? spec.names : undefined;
  const named = names?.indexOf(token.toUpperCase()) ?? -1;
  if (named >= 0) return named + spec.min;
  if (!/^\d+$/.test(token)) throw new FieldError(`${spec.name} "${token}" is not a number in ${rangeOf(spec)}`);
  const n = Number(token);
  if (n < spec.min || n > spec.max) throw new FieldError(`${spec.name} "${token}" is outside ${rangeOf(spec)}`);
  return n;
}

/** Parses a list/range/step field into the set of values it holds. */
function parseSet(text: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const pieces = part.split('/');
    if (pieces.length > 2 || pieces[0] === '') throw new FieldError(`${spec.name} "${part}" is not a value, range or step in ${rangeOf(spec)}`);
    const [range, stepText] = pieces;
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : NaN;
    if (!Number.isInteger(step) || step < 1) throw new FieldError(`${spec.name} "${part}": the step after "/" must be a whole number of at least 1`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const bounds = range.split('-');
      if (bounds.length !== 2) throw new FieldError(`${spec.name} "${part}" is not a range a-b in ${rangeOf(spec)}`);
      from = value(bounds[0], spec);
      to = value(bounds[1], spec);
      if (from > to) throw new FieldError(`${spec.name} "${part}" runs backwards (${rangeOf(spec)}, low to high)`);
    } else {
      from = value(range, spec);
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

type DayMatcher = (year: number, month: number, day: number) => boolean;

function dayOfMonthMatcher(text: string, spec: FieldSpec): DayMatcher {
  const upper = text.toUpperCase();
  if (text === '?' || text === '*') return () => true;
  if (upper === 'L') return (y, m, d) => d === daysInMonth(y, m);
  if (upper === 'LW') {
    return (y, m, d) => {
      let last = daysInMonth(y, m);
      while (weekday(y, m, last) === 1 || weekday(y, m, last) === 7) last -= 1;
      return d === last;
    };
  }
  const nearest = /^(\w+)W$/i.exec(text);
  if (nearest) {
    const target = value(nearest[1], spec);
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
  const set = parseSet(text, spec);
  return (_y, _m, d) => set.has(d);
}

function dayOfWeekMatcher(text: string, spec: FieldSpec): DayMatcher {
  if (text === '?' || text === '*') return () => true;
  if (text.toUpperCase() === 'L') return (y, m, d) => weekday(y, m, d) === 7;
  const last = /^(\w+)L$/i.exec(text);
  if (last) {
    const wd = value(last[1], spec);
    return (y, m, d) => weekday(y, m, d) === wd && d + 7 > daysInMonth(y, m);
  }
  const nth = /^(\w+)#(\w+)$/.exec(text);
  if (nth) {
    const wd = value(nth[1], spec);
    if (!/^[1-5]$/.test(nth[2])) throw new FieldError(`${spec.name} "${text}": the week after "#" must be 1-5`);
    const n = Number(nth[2]);
    return (y, m, d) => weekday(y, m, d) === wd && Math.ceil(d / 7) === n;
  }
  const set = parseSet(text, spec);
  return (y, m, d) => set.has(weekday(y, m, d));
}

/**
 * Parses the inside of `cron(...)`.
 * @throws CronSyntaxError listing every malformed or out-of-range field with its range
 */
export function parseCron(fieldsText: string): CronSchedule {
  const fields = fieldsText.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new CronSyntaxError([{ field: 'cron', message: `a cron expression has 6 fields (${CRON_FIELDS.map((f) => f.name).join(' ')}), got ${fields.length}` }]);
  }
  const problems: CronFieldProblem[] = [];
  const field = <T>(index: number, parse: (text: string, spec: FieldSpec) => T): T | undefined => {
    const spec = CRON_FIELDS[index];
    const text = fields[index];
    try {
      if (text === '?' && spec.name !== 'day-of-month' && spec.name !== 'day-of-week') {
        throw new FieldError(`${spec.name} "?": "?" is only accepted in day-of-month or day-of-week`);
      }
      return parse(text, spec);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      problems.push({ field: spec.name, message: error.message });
      return undefined;
    }
  };
  const sorted = (set: Set<number> | undefined): number[] => [...(set ?? [])].sort((a, b) => a - b);
  const minutes = sorted(field(0, parseSet));
  const hours = sorted(field(1, parseSet));
  const domMatch = field(2, dayOfMonthMatcher);
  const months = field(3, parseSet);
  const dowMatch = field(4, dayOfWeekMatcher);
  const years = field(5, (text, spec) => (text === '*' ? undefined : parseSet(text, spec)));
  if (fields[2] !== '?' && fields[4] !== '?') {
    problems.push({ field: 'day-of-month', message: 'day-of-month or day-of-week must be "?" (EventBridge needs one of them unset)' });
  }
  if (problems.length > 0 || !domMatch || !dowMatch || !months) throw new CronSyntaxError(problems);
  return {
    minutes,
    hours,
    matchesDay: (y, m, d) => (years === undefined || years.has(y)) && months.has(m) && domMatch(y, m, d) && dowMatch(y, m, d),
  };
}
