import { missedRunsWindow } from '../../lib/missedRunsWindow';

describe('missedRunsWindow', () => {
  it('uses one period per schedule interval when CloudWatch allows it', () => {
    expect(missedRunsWindow(3600, 2)).toEqual({ periodSeconds: 3600, evaluationPeriods: 2 });
    expect(missedRunsWindow(900, 3)).toEqual({ periodSeconds: 900, evaluationPeriods: 3 });
  });

  it('rounds a period up to whole minutes', () => {
    expect(missedRunsWindow(90, 2)).toEqual({ periodSeconds: 120, evaluationPeriods: 2 });
  });

  it('switches to hourly periods when short periods would span more than a day', () => {
    // 60 s × 2000 = 33 h: too long for sub-hour periods
    expect(missedRunsWindow(60, 2000)).toEqual({ periodSeconds: 3600, evaluationPeriods: 34 });
  });

  it('splits intervals longer than a day into daily periods', () => {
    expect(missedRunsWindow(64 * 3600, 2)).toEqual({ periodSeconds: 86_400, evaluationPeriods: 6 });
  });

  it('gives no window when N intervals exceed seven days', () => {
    expect(missedRunsWindow(7 * 86_400, 2)).toBeUndefined();
  });
});
