/**
 * The result of a scenario whose target is a minimum speed-up of a concurrency
 * over concurrency 1 (parallel pages, fan-out): the ratio is the speed-up
 * (baseline ÷ sluice) rather than sluice ÷ baseline.
 */
import { round } from './stats';
import { secondsSince, sideOf } from './scenarioKit';
import type { ScenarioResult } from './types';
import type { WorkerReport } from './worker';

/** What {@link speedupResult} is given. */
export interface SpeedupInputs {
  readonly id: string;
  readonly title: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly target: string;
  readonly minSpeedup: number;
  /** The concurrency measured against concurrency 1. */
  readonly concurrency: number;
  /** The worker reports: `a` at `concurrency`, `b` at 1. */
  readonly pairs: { readonly a: readonly WorkerReport[]; readonly b: readonly WorkerReport[] };
  /** Other failed checks, in words. */
  readonly otherWhys: readonly string[];
  readonly checks: Readonly<Record<string, unknown>>;
  /** `performance.now()` at the scenario's start. */
  readonly started: number;
}

/** The result: met when the speed-up reaches `minSpeedup` and no other check failed. */
export function speedupResult(r: SpeedupInputs): ScenarioResult {
  const sluice = sideOf(`concurrency ${r.concurrency}`, r.pairs.a);
  const baseline = sideOf('concurrency 1', r.pairs.b);
  const speedup = round(baseline.median / sluice.median, 2);
  const whys = [...(speedup < r.minSpeedup ? [`concurrency ${r.concurrency} is only ${speedup} × faster`] : []), ...r.otherWhys];
  return {
    id: r.id,
    title: r.title,
    inputs: r.inputs,
    unit: 'ms',
    sluice,
    baseline,
    ratio: speedup,
    target: r.target,
    met: whys.length === 0,
    ...(whys.length ? { why: whys.join('; ') } : {}),
    checks: { speedup, ...r.checks },
    seconds: secondsSince(r.started),
  };
}
