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
}

async function main(): Promise<void> {
  const settings = workerSettings<EngineRunSettings>();
  const source = validateSource(benchSource(settings));
  const local = new LocalStore(settings.outDir);
  const delayed = settings.uploadDelayMs ? new DelayedStore(local, settings.uploadDelayMs) : undefined;
  const store: ObjectStore = delayed ?? local;
  const secrets = await FileSecretStore.load(settings.secretsFile);
  const started = performance.now();
  const summary = await runSource({ source, store, secrets, trigger: 'cli' });
  const wallMs = performance.now() - started;
  // With --expose-gc (the memory scenario): what is still alive once the run is over,
  // after a full collection. Garbage awaiting collection is what peak RSS also counts.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const liveHeapMb = gc ? process.memoryUsage().heapUsed / 1024 / 1024 : undefined;
  const resource = summary.resources.records;
  printReport(wallMs, {
    status: summary.status,
    records: resource?.records ?? 0,
    pages: resource?.pages ?? 0,
    files: resource?.files ?? 0,
    uploads: delayed?.stats,
    liveHeapMb,
  });
}

runMain(main);
