import { scheduleIntervalSeconds } from '../../lib/scheduleInterval';

describe('scheduleIntervalSeconds', () => {
  it.each([
    ['rate(1 minute)', 60],
    ['rate(15 minutes)', 900],
    ['rate(1 hour)', 3600],
    ['rate(2 days)', 172_800],
  ])('takes the interval of %s directly', (expression, seconds) => {
    expect(scheduleIntervalSeconds(expression)).toBe(seconds);
  });

  it.each([
    ['cron(0 2 * * ? *)', 86_400, 'daily'],
    ['cron(*/15 * * * ? *)', 900, 'every 15 minutes'],
    ['cron(0,30 * * * ? *)', 1800, 'twice an hour'],
    ['cron(0 */6 * * ? *)', 21_600, 'every 6 hours'],
    ['cron(0 9-17 * * ? *)', 16 * 3600, 'office hours: the night gap'],
    ['cron(0 9-17 ? * MON-FRI *)', (2 * 24 + 16) * 3600, 'weekdays: the weekend gap'],
    ['cron(0 3 ? * 1 *)', 7 * 86_400, 'weekly on Sunday'],
  ])('takes the longest gap of %s (%#: %s)', (expression, seconds) => {
    expect(scheduleIntervalSeconds(expression)).toBe(seconds);
  });

  it.each(['cron(0 2 1 * ? *)', 'cron(0 2 ? * 6L *)', 'cron(0 2 ? * 2#1 *)', 'cron(0 2 * 1 ? *)', 'cron(0 2 * * ? 2030)'])(
    'has no interval for the monthly or yearly pattern %s',
    (expression) => {
      expect(scheduleIntervalSeconds(expression)).toBeUndefined();
    },
  );
});
