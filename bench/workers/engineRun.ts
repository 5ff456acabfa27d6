/**
 * One run of the full engine: `runSource` with a LocalStore in a fresh
 * directory (optionally behind a {@link DelayedStore}), secrets from a
 * FileSecretStore. Reports wall time, CPU, peak RSS and what was written.
 */
import { validateSource } from '../../lambdas/config/validateSource';
import { runSource } from '../../lambdas/run/runSource';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import type { ObjectStore } from '../../lambdas/sink/ObjectStore';
import { LocalStore } from '../../lambdas/sink/LocalStore';
import type { BenchSourceOptions } from '../lib/benchSource';
import { benchSource } from '../lib/benchSource';
import { DelayedStore } from '../lib/DelayedStore';
import { printReport, runMain, workerSettings } from '../lib/report';

/** Settings of this worker. */
export interface EngineRunSettings extends BenchSourceOptions {
  /** The LocalStore's root (fresh per run). */
  readonly outDir: string;
  /** A JSON secrets file (`{}` when the source has none). */
  readonly secretsFile: string;
  /** Delay each part upload by this much (pipelining). */
  readonly uploadDelayMs?: number;
  /**
   * Pages after which to force a full GC and record the live heap (needs
   * `--expose-gc`): what the run keeps alive while it goes, which peak RSS
   * cannot tell from garbage. Such a run's peak RSS means nothing.
   */
  readonly liveHeapAtPages?: readonly number[];
}

async function main(): Promise<void> {
  const settings = workerSettings<EngineRunSettings>();
  const source = validateSource(benchSource(settings));
  const local = new LocalStore(settings.outDir);
  const delayed = settings.uploadDelayMs ? new DelayedStore(local, settings.uploadDelayMs) : undefined;
  const store: ObjectStore = delayed ?? local;
  const secrets = await FileSecretStore.load(settings.secretsFile);
  const gc = (globalThis as { gc?: () => void }).gc;
  const sampleAt = new Set(settings.liveHeapAtPages ?? []);
  if (sampleAt.size > 0 && !gc) throw new Error('liveHeapAtPages needs node --expose-gc');
  const liveHeapAtPage: Record<number, number> = {};
  const liveHeapMb = (): number => {
    gc?.();
    return process.memoryUsage().heapUsed / 1024 / 1024;
  };
  const started = performance.now();
  const summary = await runSource({
    source,
    store,
    secrets,
    trigger: 'cli',
    // Called after each page is written, while the resource's writer and paginator are alive.
    onProgress: (event) => {
      if (!event.done && sampleAt.has(event.pages)) liveHeapAtPage[event.pages] = liveHeapMb();
    },
  });
  const wallMs = performance.now() - started;
  const resource = summary.resources.records;
  printReport(wallMs, {
    status: summary.status,
    records: resource?.records ?? 0,
    pages: resource?.pages ?? 0,
    files: resource?.files ?? 0,
    budget: summary.budget,
    uploads: delayed?.stats,
    liveHeapAtPage,
  });
}

runMain(main);
