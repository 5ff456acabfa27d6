/**
 * One engine run against a bench API that enforces limits (429 above them):
 * the offset route, 8 pages in flight, the output read back. Shared by the
 * budget scenarios (rate-limit, throttle-storm), which differ in the server's
 * limits and the source's `client.rate_limit`.
 */
import type { ServerStats } from './apiServer';
import { startApiServer } from './apiServer';
import type { BenchSourceOptions } from './benchSource';
import { isSequence, writtenIds } from './readOutput';
import { freshDir, secretsFile } from './scenarioKit';
import type { BenchContext } from './types';
import type { WorkerReport } from './worker';
import { runWorker } from './worker';
import type { ServeConfig } from '../server/serve';

/** What the scenario sets. */
export interface LimitedRunOptions {
  readonly id: string;
  readonly pages: number;
  readonly recordsPerPage: number;
  readonly recordBytes: number;
  readonly delayMs: number;
  /** Pages in flight (`paginator.concurrency` and `client.concurrency`). */
  readonly concurrency: number;
  readonly limits: NonNullable<ServeConfig['limits']>;
  readonly rateLimit?: BenchSourceOptions['rateLimit'];
}

/** What the run did, as the worker and the server saw it. */
export interface LimitedRun {
  readonly report: WorkerReport & { status: string; budget?: Record<string, unknown> };
  readonly stats: ServerStats;
  /** The run succeeded and wrote ids 0…n-1, each once, in page order. */
  readonly recordsOk: boolean;
}

/** Starts the limited server, runs the engine once against it and reads the output back. */
export async function limitedRun(context: BenchContext, options: LimitedRunOptions): Promise<LimitedRun> {
  const server = await startApiServer(context.workers.server, {
    pages: options.pages,
    recordsPerPage: options.recordsPerPage,
    recordBytes: options.recordBytes,
    delayMs: options.delayMs,
    style: 'offset',
    limits: options.limits,
  });
  try {
    const outDir = freshDir(context, options.id, 'run');
    const report = await runWorker<LimitedRun['report']>(context.workers.engineRun, {
      origin: server.origin,
      style: 'offset',
      recordsPerPage: options.recordsPerPage,
      concurrency: options.concurrency,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      outDir,
      secretsFile: secretsFile(context),
    });
    const stats = await server.stats();
    const recordsOk = report.status === 'succeeded' && isSequence(writtenIds(outDir, 'records'), options.pages * options.recordsPerPage);
    return { report, stats, recordsOk };
  } finally {
    server.stop();
  }
}
