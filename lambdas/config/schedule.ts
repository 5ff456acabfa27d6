/**
 * EventBridge Scheduler expressions and IANA time zones, checked before deploy
 * so that a typo fails `cdk synth` naming the file, not CloudFormation later.
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^)]+)\)$/;

/** Returns a message when `expression` is not a valid `rate(...)` or `cron(...)` expression, else undefined. */
export function validateSchedule(expression: string): string | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    if (n < 1) return `"${expression}": a rate must be at least 1`;
    if ((n === 1) !== !rate[2].endsWith('s')) {
      return `"${expression}": write "rate(1 ${rate[2].replace(/s$/, '')})" for one unit and "rate(N ${rate[2].replace(/s?$/, 's')})" for more`;
    }
    return undefined;
  }
  const cron = CRON.exec(expression);
  if (cron) {
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) {
      return `"${expression}": a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), e.g. "cron(0 2 * * ? *)"`;
    }
    const [, , dom, , dow] = fields;
    if (dom !== '?' && dow !== '?') return `"${expression}": day-of-month or day-of-week must be "?" (EventBridge needs one of them unset)`;
    return undefined;
  }
  if (expression.startsWith('at(')) return `"${expression}": one-time at() schedules are not supported; use rate(...) or cron(...)`;
  return `"${expression}" is not an EventBridge Scheduler expression; use "rate(1 hour)", "rate(15 minutes)" or "cron(0 2 * * ? *)"`;
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
