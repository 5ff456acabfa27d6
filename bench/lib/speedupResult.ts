/**
 * The result of a scenario whose target is a minimum speed-up of a concurrency
 * over concurrency 1 (parallel pages, fan-out): the ratio is the speed-up
 * (baseline ÷ sluice) rather than sluice ÷ baseline.
 */
import { round } from './stats';
import { sideOf, type Measured } from './scenarioKit';
import type { WorkerReport } from './worker';

/** What {@link speedupResult} is given. */
export interface SpeedupInputs {
  readonly minSpeedup: number;
  /** The concurrency measured against concurrency 1. */
  readonly concurrency: number;
  /** The worker reports: `a` at `concurrency`, `b` at 1. */
  readonly pairs: { readonly a: readonly WorkerReport[]; readonly b: readonly WorkerReport[] };
  /** Other failed checks, in words. */
  readonly otherWhys: readonly string[];
  readonly checks: Readonly<Record<string, unknown>>;
}

/** The result: met when the speed-up reaches `minSpeedup` and no other check failed. */
export function speedupResult(r: SpeedupInputs): Measured {
  const sluice = sideOf(`concurrency ${r.concurrency}`, r.pairs.a);
  const baseline = sideOf('concurrency 1', r.pairs.b);
  const speedup = round(baseline.median / sluice.median, 2);
  const whys = [...(speedup < r.minSpeedup ? [`concurrency ${r.concurrency} is only ${speedup} × faster`] : []), ...r.otherWhys];
  return {
    unit: 'ms',
    sluice,
    baseline,
    ratio: speedup,
    met: whys.length === 0,
    ...(whys.length ? { why: whys.join('; ') } : {}),
    checks: { speedup, ...r.checks },
  };
}
