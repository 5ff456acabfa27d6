/**
 * Turns "no successful run within N schedule periods" into a CloudWatch alarm
 * window that CloudWatch accepts: a period (a multiple of 60 s, at most one
 * day) and a number of evaluation periods, all of which must lack a success.
 * CloudWatch caps the whole window at one day for periods under an hour and at
 * seven days otherwise.
 */

const DAY = 86_400;
const HOUR = 3600;
const WEEK = 7 * DAY;

/** The alarm's period and evaluation periods. */
export interface AlarmWindow {
  /** Seconds per datapoint. */
  readonly periodSeconds: number;
  /** Datapoints evaluated; every one of them must breach. */
  readonly evaluationPeriods: number;
}

/**
 * The alarm window covering `periods` schedule intervals, or undefined when it
 * would exceed CloudWatch's seven-day limit (e.g. a weekly schedule with N = 2).
 * @param intervalSeconds the longest gap between runs ({@link scheduleIntervalSeconds})
 * @param periods N, the source's `deploy.missed_runs_alarm_periods`
 */
export function missedRunsWindow(intervalSeconds: number, periods: number): AlarmWindow | undefined {
  const total = intervalSeconds * periods;
  let periodSeconds = Math.min(Math.ceil(intervalSeconds / 60) * 60, DAY);
  let evaluationPeriods = Math.ceil(total / periodSeconds);
  if (periodSeconds < HOUR && periodSeconds * evaluationPeriods > DAY) {
    periodSeconds = HOUR;
    evaluationPeriods = Math.ceil(total / HOUR);
  }
  if (periodSeconds * evaluationPeriods > WEEK) return undefined;
  return { periodSeconds, evaluationPeriods };
}
