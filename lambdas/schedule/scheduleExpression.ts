/**
 * EventBridge Scheduler expressions, `rate(...)` and `cron(...)`, parsed once.
 * `validateSource`, the CDK app at synth, the alarm's period and `sluice list`'s
 * next run times all go through {@link parseSchedule}, so an expression that
 * validates is one that the rest of sluice can compute with.
 */
import { type CronSchedule, CronSyntaxError, parseCron } from './cronExpression';

/** A parsed schedule expression. */
export type ScheduleExpression =
  | { readonly kind: 'rate'; readonly expression: string; readonly intervalMs: number }
  | { readonly kind: 'cron'; readonly expression: string; readonly cron: CronSchedule };

/** An expression that is not a valid `rate(...)` or `cron(...)`; `problems` says what is wrong, field by field. */
export class ScheduleSyntaxError extends Error {
  constructor(
    readonly expression: string,
    readonly problems: readonly string[],
  ) {
    super(`"${expression}": ${problems.join('; ')}`);
    this.name = 'ScheduleSyntaxError';
  }
}

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const EXAMPLES = 'use "rate(1 hour)", "rate(15 minutes)" or "cron(0 2 * * ? *)"';

/**
 * Parses a schedule expression.
 * @throws ScheduleSyntaxError naming each bad part (a cron field with its range, a rate's value or unit)
 */
export function parseSchedule(expression: string): ScheduleExpression {
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) return { kind: 'rate', expression, intervalMs: parseRate(expression, rate[1]) };
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) {
    try {
      return { kind: 'cron', expression, cron: parseCron(cron[1]) };
    } catch (error) {
      if (error instanceof CronSyntaxError) throw new ScheduleSyntaxError(expression, error.problems.map((p) => p.message));
      throw error;
    }
  }
  if (expression.startsWith('at(')) throw new ScheduleSyntaxError(expression, [`one-time at() schedules are not supported; use rate(...) or cron(...)`]);
  throw new ScheduleSyntaxError(expression, [`not an EventBridge Scheduler expression; ${EXAMPLES}`]);
}

function parseRate(expression: string, inside: string): number {
  const parts = inside.trim().split(/\s+/);
  if (parts.length !== 2) throw new ScheduleSyntaxError(expression, [`a rate is "rate(<value> <unit>)", e.g. "rate(1 hour)" or "rate(15 minutes)"`]);
  const [valueText, unit] = parts;
  const problems: string[] = [];
  const n = /^\d+$/.test(valueText) ? Number(valueText) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) problems.push(`rate value "${valueText}" must be a whole number of at least 1`);
  const singular = unit.replace(/s$/, '');
  if (!(singular in UNIT_MS)) problems.push(`rate unit "${unit}" must be minute(s), hour(s) or day(s)`);
  else if (problems.length === 0 && (n === 1) !== !unit.endsWith('s')) {
    problems.push(`write "rate(1 ${singular})" for one unit and "rate(N ${singular}s)" for more`);
  }
  if (problems.length > 0) throw new ScheduleSyntaxError(expression, problems);
  return n * UNIT_MS[singular];
}
