/**
 * The bench API serving the pages a scenario's inputs describe, and one engine
 * run against it: the two steps most scenarios begin with, written once so that
 * the inputs a scenario reports are the ones its server and engine were given.
 */
import type { EngineRunSettings } from '../workers/engineRun';
import type { ServeConfig } from '../server/serve';
import type { ApiServer } from './apiServer';
import { startApiServer } from './apiServer';
import { freshDir } from './scenarioKit';
import type { BenchContext } from './types';
import type { WorkerReport } from './worker';
import { runWorker } from './worker';

/** The page inputs scenarios report (their names as in results.json). */
export interface PageInputs {
  readonly pages: number;
  readonly records_per_page: number;
  readonly record_bytes: number;
  /** Held before every page. @default 0 */
  readonly api_latency_ms_per_page?: number;
}

/** Starts the bench API with `inputs`' pages pre-serialized for `style`; `extra` adds limits and the like. */
export function startPageServer(context: BenchContext, inputs: PageInputs, style: ServeConfig['style'], extra: Partial<ServeConfig> = {}): Promise<ApiServer> {
  return startApiServer(context.workers.server, {
    pages: inputs.pages,
    recordsPerPage: inputs.records_per_page,
    recordBytes: inputs.record_bytes,
    delayMs: inputs.api_latency_ms_per_page ?? 0,
    style,
    ...extra,
  });
}

/** One run of the engine worker, writing to a fresh directory `<scenario>/<run>` of the scratch directory. */
export function runEngine<T = WorkerReport>(context: BenchContext, scenario: string, run: string, settings: Omit<EngineRunSettings, 'outDir'>): Promise<T> {
  return runWorker<T>(context.workers.engineRun, { ...settings, outDir: freshDir(context, scenario, run) });
}
