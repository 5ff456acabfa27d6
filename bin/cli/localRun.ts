/**
 * One run of a source from the CLI, shared by `sluice run` and `sluice demo`:
 * opens the destination (a local directory under a lock, or a bucket), feeds
 * progress to stderr and returns the summary, also when the run failed.
 */
import { mkdirSync } from 'node:fs';
import type { SourceModel } from '../../lambdas/model';
import { RunFailedError } from '../../lambdas/errors/RunFailedError';
import { createStderrLogger } from '../../lambdas/observability/StderrLogger';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import { RUN_FAILED_LOG, runSource } from '../../lambdas/run/runSource';
import { acquireLocalLock } from '../../lambdas/commit/localLock';
import type { SecretStore } from '../../lambdas/secrets/SecretStore';
import { openStore } from './destination';
import { sdkGlueCatalog } from '../../lambdas/catalog/GlueCatalogApi';
import type { Destination } from './formatSummary';
import { createProgress } from './progress';
import type { Terminal } from './Terminal';

/** Options of {@link runLocally}. */
export interface LocalRunOptions {
  readonly source: SourceModel;
  readonly secrets: SecretStore;
  /** `{ out: dir }` (resolved to an absolute path) or `{ bucket }`. */
  readonly destination: Destination;
  /** @default '' */
  readonly prefix?: string;
  readonly resources?: readonly string[];
  readonly maxPages?: number;
  readonly from?: string | number;
  readonly to?: string | number;
  readonly dryRun?: boolean;
  readonly terminal: Terminal;
  readonly verbose: boolean;
  /** No progress lines (for `--json`). */
  readonly quiet: boolean;
  /** `--glue-database` (a bucket destination only): register the committed run there. @default none */
  readonly glueDatabase?: string;
}

/** The outcome of {@link runLocally}: the summary and, when it failed, the error. */
export interface LocalRunResult {
  readonly summary: RunSummary;
  readonly error?: RunFailedError;
}

/**
 * Runs a source. A failed run (RunFailedError) is returned with its summary;
 * errors before the run starts (invalid input, a held lock) are thrown.
 */
export async function runLocally(options: LocalRunOptions): Promise<LocalRunResult> {
  const { terminal, destination } = options;
  let release: (() => Promise<void>) | undefined;
  if ('out' in destination && !options.dryRun) {
    mkdirSync(destination.out, { recursive: true });
    release = await acquireLocalLock(destination.out, options.source.name);
  }
  const progress = createProgress({ write: terminal.err, live: terminal.isTTY && !options.quiet, style: terminal.errStyle });
  const logger = createStderrLogger({ level: options.verbose ? 'debug' : 'warn', write: progress.log, reportedByCaller: [RUN_FAILED_LOG] });
  const abort = new AbortController();
  // The first Ctrl-C stops the run cleanly (nothing partial is committed); a second one kills the process.
  const onSigint = (): void => {
    terminal.err('\ninterrupted: stopping the run (Ctrl-C again to force)\n');
    abort.abort(new Error('interrupted by the user (SIGINT)'));
    process.removeListener('SIGINT', onSigint);
  };
  process.on('SIGINT', onSigint);
  const catalog = options.glueDatabase !== undefined && 'bucket' in destination ? { database: options.glueDatabase, bucket: destination.bucket, api: sdkGlueCatalog() } : undefined;
  try {
    const summary = await runSource({
      source: options.source,
      store: openStore(destination),
      prefix: options.prefix ?? '',
      secrets: options.secrets,
      trigger: 'cli',
      resources: options.resources,
      maxPages: options.maxPages,
      from: options.from,
      to: options.to,
      dryRun: options.dryRun,
      logger,
      onProgress: options.quiet ? undefined : progress.onProgress,
      signal: abort.signal,
      catalog,
    });
    return { summary };
  } catch (error) {
    if (error instanceof RunFailedError) return { summary: error.summary, error };
    throw error;
  } finally {
    progress.finish();
    process.removeListener('SIGINT', onSigint);
    catalog?.api.close();
    await release?.();
  }
}
