import { parseSchedule, ScheduleSyntaxError } from '../../../lambdas/schedule/scheduleExpression';

function problemsOf(expression: string): readonly string[] {
  try {
    parseSchedule(expression);
  } catch (error) {
    if (error instanceof ScheduleSyntaxError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseSchedule', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(15 minutes)', 900_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(2 days)', 172_800_000],
  ])('reads the interval of %s', (expression, intervalMs) => {
    expect(parseSchedule(expression)).toEqual({ kind: 'rate', expression, intervalMs });
  });

  it.each([
    'cron(0 2 * * ? *)',
    'cron(*/15 * * * ? *)',
    'cron(0 9-17 ? * MON-FRI *)',
    'cron(0 0 L * ? *)',
    'cron(0 0 LW * ? *)',
    'cron(0 8 15W * ? *)',
    'cron(0 12 ? FEB 6#3 *)',
    'cron(0 12 ? * 6L *)',
    'cron(0 0 1 1 ? 2027-2030)',
  ])('accepts %s', (expression) => {
    expect(parseSchedule(expression).kind).toBe('cron');
  });

  it('reports every bad cron field with its range, not only the first', () => {
    expect(problemsOf('cron(a b c d ? f)')).toEqual([
      'minutes "a" is not a number in 0-59',
      'hours "b" is not a number in 0-23',
      'day-of-month "c" is not a number in 1-31',
      'month "d" is not a number in 1-12 or JAN-DEC',
      'year "f" is not a number in 1970-2199',
    ]);
    expect(problemsOf('cron(99 99 * * ? *)')).toEqual(['minutes "99" is outside 0-59', 'hours "99" is outside 0-23']);
  });

  it.each([
    ['cron(0 2 * * * *)', /day-of-month or day-of-week must be "\?"/],
    ['cron(0 ? * * ? *)', /hours "\?": "\?" is only accepted in day-of-month or day-of-week/],
    ['cron(0 2 * * ?)', /6 fields .* got 5/],
    ['cron(5-2 2 * * ? *)', /minutes "5-2" runs backwards/],
    ['cron(0 2 40W * ? *)', /day-of-month "40" is outside 1-31/],
    ['cron(0 2 ? * 9L *)', /day-of-week "9" is outside 1-7/],
    ['cron(0 2 * * ? 1969)', /year "1969" is outside 1970-2199/],
    ['rate(1 hours)', /write "rate\(1 hour\)" for one unit/],
    ['rate(5 minute)', /"rate\(N minutes\)" for more/],
    ['rate(hour)', /rate\(<value> <unit>\)/],
    ['at(2026-01-01T00:00:00)', /one-time at\(\) schedules are not supported/],
    ['every hour', /not an EventBridge Scheduler expression/],
  ])('refuses %s', (expression, message) => {
    expect(problemsOf(expression).join('; ')).toMatch(message);
  });
});
