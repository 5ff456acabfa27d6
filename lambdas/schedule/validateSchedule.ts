/**
 * EventBridge Scheduler expressions and IANA time zones, checked before deploy
 * so that a typo fails `validate` and `cdk synth` naming the field, not
 * CloudFormation later.
 */
import { parseSchedule, ScheduleSyntaxError } from './scheduleExpression';

/**
 * Returns what is wrong with `expression` (one message per bad part, each cron
 * field named with its range), or an empty list when it is a valid
 * `rate(...)` or `cron(...)` expression.
 */
export function scheduleProblems(expression: string): string[] {
  try {
    parseSchedule(expression);
    return [];
  } catch (error) {
    if (error instanceof ScheduleSyntaxError) return error.problems.map((p) => `"${expression}": ${p}`);
    throw error;
  }
}

/** Returns a message when `zone` is not an IANA time zone name, else undefined. */
export function validateTimezone(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return undefined;
  } catch {
    return `"${zone}" is not an IANA time zone; use a name such as "UTC", "Europe/Berlin" or "America/New_York"`;
  }
}
