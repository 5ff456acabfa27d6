/**
 * Helpers the scenarios share: a scenario's frame (defineScenario), the
 * "could not run" result, alternating paired runs and the summary of one side
 * of a pairing.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, round } from './stats';
import type { BenchContext, Scenario, ScenarioResult, Side } from './types';
import type { WorkerReport } from './worker';

/** The result of a scenario that could not measure: `met: null` with the reason. */
export function notRun(id: string, title: string, inputs: Record<string, unknown>, target: string, why: string, started: number): ScenarioResult {
  return { id, title, inputs, unit: '', ratio: null, target, met: null, why, seconds: round((performance.now() - started) / 1000) };
}

/** Why the named workers are unavailable (their bundling failed), or undefined. */
export function missingWorkers(context: BenchContext, names: readonly string[]): string | undefined {
  const missing = names.filter((name) => !context.workers[name]);
  if (missing.length === 0) return undefined;
  return `engine piece missing: ${missing.map((name) => `${name}: ${context.workerErrors[name] ?? 'not built'}`).join('; ')}`;
}

/**
 * Runs `a` and `b` `repeats` times each, alternating (a b, b a, a b, …), so a
 * slow phase of the machine hits both sides alike.
 */
export async function alternate<A, B>(repeats: number, a: (i: number) => Promise<A>, b: (i: number) => Promise<B>): Promise<{ a: A[]; b: B[] }> {
  const as: A[] = [];
  const bs: B[] = [];
  for (let i = 0; i < repeats; i += 1) {
    if (i % 2 === 0) {
      as.push(await a(i));
      bs.push(await b(i));
    } else {
      bs.push(await b(i));
      as.push(await a(i));
    }
  }
  return { a: as, b: bs };
}

/** One side of a pairing from worker reports: median of `pick`, plus CPU and peak RSS medians. */
export function sideOf(label: string, reports: readonly WorkerReport[], pick: (r: WorkerReport) => number = (r) => r.wallMs): Side {
  const samples = reports.map((r) => round(pick(r)));
  return {
    label,
    median: round(median(samples)),
    samples,
    extra: {
      cpu_ms: round(median(reports.map((r) => r.cpuMs))),
      peak_rss_mb: round(median(reports.map((r) => r.maxRssMb))),
    },
  };
}

/** A fresh, empty directory under the bench's scratch directory. */
export function freshDir(context: BenchContext, ...parts: string[]): string {
  const dir = join(context.workDir, ...parts);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A secrets file for sources without secrets (`{}`), or with the given values. */
export function secretsFile(context: BenchContext, values: Record<string, string> = {}): string {
  const file = join(context.workDir, `secrets-${Object.keys(values).length}.json`);
  writeFileSync(file, JSON.stringify(values));
  return file;
}

/** Seconds since `started` (a `performance.now()`), rounded. */
export function secondsSince(started: number): number {
  return round((performance.now() - started) / 1000);
}

/** What a scenario's measurement returns: its result without what {@link defineScenario} fills in. */
export type Measured = Omit<ScenarioResult, 'id' | 'title' | 'inputs' | 'target' | 'seconds'>;

/** A measurement that could not be made (a part it needs is missing): `met: null` with the reason, as {@link notRun}. */
export function unmeasured(why: string): Measured {
  return { unit: '', ratio: null, met: null, why };
}

/** A scenario as {@link defineScenario} takes it. */
export interface ScenarioSpec<I extends Record<string, unknown>> {
  readonly id: string;
  readonly title: string;
  readonly target: string;
  /** The bundled workers it needs: a missing one makes the result `met: null`, with the reason. */
  readonly workers: readonly string[];
  /** What it feeds in (smaller with `--quick`); reported even when it cannot run. */
  inputs(context: BenchContext): I;
  /** Runs and judges it. */
  measure(context: BenchContext, inputs: I): Promise<Measured>;
}

/**
 * A scenario from its spec: the frame every scenario repeats (the clock, the
 * workers check, the id, title, inputs, target and seconds of the result)
 * written once, so a scenario holds only what it measures.
 */
export function defineScenario<I extends Record<string, unknown>>(spec: ScenarioSpec<I>): Scenario {
  const run = async (context: BenchContext): Promise<ScenarioResult> => {
    const started = performance.now();
    const inputs = spec.inputs(context);
    const missing = missingWorkers(context, spec.workers);
    if (missing) return notRun(spec.id, spec.title, inputs, spec.target, missing, started);
    const measured = await spec.measure(context, inputs);
    return { id: spec.id, title: spec.title, inputs, ...measured, target: spec.target, seconds: secondsSince(started) };
  };
  return { id: spec.id, title: spec.title, run };
}
