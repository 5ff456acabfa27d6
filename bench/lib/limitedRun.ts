/**
 * One engine run against a bench API that enforces limits (429 above them):
 * the offset route, 8 pages in flight, the output read back. Shared by the
 * budget scenarios (rate-limit, throttle-storm), which differ in the server's
 * limits, the API's latency and the source's `client.rate_limit`.
 */
import type { ServerStats } from './apiServer';
import { startPageServer } from './pageServer';
import type { BenchSourceOptions } from './benchSource';
import { isSequence, writtenIds } from './readOutput';
import { freshDir, secretsFile } from './scenarioKit';
import { round } from './stats';
import type { BenchContext } from './types';
import type { WorkerReport } from './worker';
import { runWorker } from './worker';
import type { ServeConfig } from '../server/serve';

/** The inputs both budget scenarios run with (and report, with their own on top). */
export interface LimitedInputs extends Record<string, unknown> {
  readonly pages: number;
  readonly records_per_page: number;
  readonly record_bytes: number;
  readonly api_latency_ms_per_page: number;
  /** Pages in flight (`paginator.concurrency` and `client.concurrency`). */
  readonly concurrency: number;
  readonly paginator: string;
}

/** The workers a limited run needs. */
export const LIMITED_WORKERS = ['server', 'engineRun'] as const;

/**
 * The shared inputs: 20 records of 200 bytes a page, 8 pages in flight.
 * The budget scenarios ask for 8 chains; the 8 concurrent requests here are an offset
 * resource's pages fetched 8 at once, which draw on the same source-wide budget as parallel chains do.
 */
export function limitedInputs(pages: number, latencyMs: number): LimitedInputs {
  return {
    pages,
    records_per_page: 20,
    record_bytes: 200,
    api_latency_ms_per_page: latencyMs,
    concurrency: 8,
    paginator: 'offset (total_path: total), concurrency 8',
  };
}

/** What the run did, as the worker and the server saw it. */
export interface LimitedRun {
  readonly report: WorkerReport & { status: string; budget?: Record<string, unknown> };
  readonly stats: ServerStats;
  /** The run succeeded and wrote ids 0…n-1, each once, in page order. */
  readonly recordsOk: boolean;
  /** The checks both scenarios report: what the server served and saw in flight, the output, the wall time, the budget's own figures. */
  readonly checks: Record<string, unknown>;
}

/** Starts the limited server, runs the engine once against it and reads the output back. */
export async function limitedRun(
  context: BenchContext,
  id: string,
  inputs: LimitedInputs,
  limits: NonNullable<ServeConfig['limits']>,
  rateLimit?: BenchSourceOptions['rateLimit'],
): Promise<LimitedRun> {
  const server = await startPageServer(context, inputs, 'offset', { limits });
  try {
    const outDir = freshDir(context, id, 'run');
    const report = await runWorker<LimitedRun['report']>(context.workers.engineRun, {
      origin: server.origin,
      style: 'offset',
      recordsPerPage: inputs.records_per_page,
      concurrency: inputs.concurrency,
      ...(rateLimit ? { rateLimit } : {}),
      outDir,
      secretsFile: secretsFile(context),
    });
    const stats = await server.stats();
    const recordsOk = report.status === 'succeeded' && isSequence(writtenIds(outDir, 'records'), inputs.pages * inputs.records_per_page);
    const checks = {
      pages_served: stats.pages,
      responses_429: stats.throttled,
      max_in_flight_at_server: stats.maxInFlight,
      records_ok: recordsOk,
      wall_ms: round(report.wallMs),
      budget: report.budget,
    };
    return { report, stats, recordsOk, checks };
  } finally {
    server.stop();
  }
}
