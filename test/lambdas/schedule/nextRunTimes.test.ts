import { formatInZone, nextRunTimes } from '../../../lambdas/schedule/nextRunTimes';

const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString());

describe('nextRunTimes', () => {
  it('counts a rate from the given instant', () => {
    const after = new Date('2026-03-01T10:17:00Z');
    expect(iso(nextRunTimes('rate(15 minutes)', 'UTC', after, 2))).toEqual(['2026-03-01T10:32:00.000Z', '2026-03-01T10:47:00.000Z']);
    expect(iso(nextRunTimes('rate(1 day)', 'Europe/Berlin', after, 1))).toEqual(['2026-03-02T10:17:00.000Z']);
  });

  it('returns the next daily cron times in UTC', () => {
    const after = new Date('2026-03-01T02:00:00Z');
    expect(iso(nextRunTimes('cron(0 2 * * ? *)', 'UTC', after, 2))).toEqual(['2026-03-02T02:00:00.000Z', '2026-03-03T02:00:00.000Z']);
  });

  it('evaluates cron fields in the source time zone, across a daylight-saving change', () => {
    // Berlin moves from UTC+1 to UTC+2 on 2026-03-29.
    const after = new Date('2026-03-27T12:00:00Z');
    const times = nextRunTimes('cron(0 2 * * ? *)', 'Europe/Berlin', after, 3);
    expect(iso(times)).toEqual(['2026-03-28T01:00:00.000Z', '2026-03-30T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
    expect(times.map((t) => formatInZone(t, 'Europe/Berlin'))).toEqual(['2026-03-28 02:00', '2026-03-30 02:00', '2026-03-31 02:00']);
  });

  it('matches day-of-week names, ranges and steps', () => {
    // 2026-03-02 is a Monday.
    const after = new Date('2026-03-01T00:00:00Z');
    expect(iso(nextRunTimes('cron(30 6 ? * MON-FRI *)', 'UTC', after, 2))).toEqual(['2026-03-02T06:30:00.000Z', '2026-03-03T06:30:00.000Z']);
    expect(iso(nextRunTimes('cron(0/20 9 ? * 2 *)', 'UTC', after, 3))).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-02T09:20:00.000Z', '2026-03-02T09:40:00.000Z']);
  });

  it('supports L, W and # day specials', () => {
    const after = new Date('2026-01-15T00:00:00Z');
    expect(iso(nextRunTimes('cron(0 0 L * ? *)', 'UTC', after, 2))).toEqual(['2026-01-31T00:00:00.000Z', '2026-02-28T00:00:00.000Z']);
    // 2026-01-31 is a Saturday: the last weekday is Friday the 30th.
    expect(iso(nextRunTimes('cron(0 0 LW * ? *)', 'UTC', after, 1))).toEqual(['2026-01-30T00:00:00.000Z']);
    // The third Friday of February 2026 is the 20th; the last Friday of January the 30th.
    expect(iso(nextRunTimes('cron(0 12 ? FEB 6#3 *)', 'UTC', after, 1))).toEqual(['2026-02-20T12:00:00.000Z']);
    expect(iso(nextRunTimes('cron(0 12 ? * 6L *)', 'UTC', after, 1))).toEqual(['2026-01-30T12:00:00.000Z']);
    // 2026-02-15 is a Sunday: 15W runs on Monday the 16th.
    expect(iso(nextRunTimes('cron(0 8 15W * ? *)', 'UTC', new Date('2026-02-01T00:00:00Z'), 1))).toEqual(['2026-02-16T08:00:00.000Z']);
  });

  it('returns fewer times when the year field ends the schedule', () => {
    expect(nextRunTimes('cron(0 0 1 1 ? 2027)', 'UTC', new Date('2026-06-01T00:00:00Z'), 3)).toHaveLength(1);
  });

  it('rejects an expression that is neither rate nor cron', () => {
    expect(() => nextRunTimes('every hour', 'UTC', new Date(), 1)).toThrow(/not an EventBridge Scheduler expression/);
    expect(() => nextRunTimes('cron(0 25 * * ? *)', 'UTC', new Date(), 1)).toThrow(/hours/);
  });
});
