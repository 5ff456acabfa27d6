/**
 * The shapes the benchmark writes to `bench/results.json` and the scenario
 * contract the runner drives.
 */

/** Medians (and raw samples) of one side of a pairing. */
export interface Side {
  /** What was measured, e.g. `sluice runSource` or `platform fetch + gzip`. */
  readonly label: string;
  /** The primary metric's median (unit in {@link ScenarioResult.unit}). */
  readonly median: number;
  /** Every measured sample, in run order. */
  readonly samples: readonly number[];
  /** Secondary medians (CPU time, peak RSS, …) for context. */
  readonly extra?: Readonly<Record<string, number>>;
}

/** One scenario's outcome, as written to `bench/results.json`. */
export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  /** What was fed in: pages, records, delays, repeats. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Unit of the primary metric: `ms`, `MB`, `bytes`, `count`. */
  readonly unit: string;
  readonly sluice?: Side;
  readonly baseline?: Side;
  /** sluice ÷ baseline (of the medians); null when not measured. */
  readonly ratio: number | null;
  /** The target, in words: `ratio ≤ 1.3`. */
  readonly target: string;
  /** true/false when measured; null when the scenario could not run. */
  readonly met: boolean | null;
  /** Why the scenario could not run, or which target part failed. */
  readonly why?: string;
  /** Further checks and figures (record order verified, bundle size, …). */
  readonly checks?: Readonly<Record<string, unknown>>;
  readonly seconds: number;
}

/** Shared settings of one bench run. */
export interface BenchContext {
  /** Fewer repeats and smaller inputs (a smoke run; not for results). */
  readonly quick: boolean;
  /** The repository root (bench/..). */
  readonly repoRoot: string;
  /** A fresh scratch directory for this bench run. */
  readonly workDir: string;
  /** Bundled worker scripts, by name (see buildWorkers.ts). */
  readonly workers: Readonly<Record<string, string>>;
  /** Why a worker could not be bundled (a missing engine piece), by name. */
  readonly workerErrors: Readonly<Record<string, string>>;
  /** Progress lines for the console (stderr). */
  log(message: string): void;
}

/** One benchmark scenario. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  run(context: BenchContext): Promise<ScenarioResult>;
}
