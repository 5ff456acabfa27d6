/**
 * Warm reuse: one process, one handler module, N invocations in a row (as a
 * warm Lambda would get them), then the bench API's request counts: token
 * requests and SSM round trips (counted by the forwarder in front of moto).
 */
import { createRequire } from 'node:module';
import { printReport, runMain, workerSettings } from '../lib/report';

/** Settings of this worker. */
export interface WarmReuseSettings {
  /** The bundled handler module. */
  readonly module: string;
  readonly invocations: number;
  /** The bench API's `/_stats` URL. */
  readonly statsUrl: string;
}

type Handler = (event: unknown, context: object) => Promise<{ status?: string; error?: string }>;

async function main(): Promise<void> {
  const settings = workerSettings<WarmReuseSettings>();
  const started = performance.now();
  const { handler } = createRequire(__filename)(settings.module) as { handler: Handler };
  const initMs = performance.now() - started;
  const invocationMs: number[] = [];
  const statuses: string[] = [];
  for (let i = 0; i < settings.invocations; i += 1) {
    const t0 = performance.now();
    const context = { awsRequestId: `bench-${i}`, functionName: 'sluice-bench-warm', getRemainingTimeInMillis: () => 900_000 };
    const summary = await handler({ trigger: 'schedule' }, context);
    invocationMs.push(performance.now() - t0);
    statuses.push(summary.status ?? 'unknown');
  }
  const stats = (await (await fetch(settings.statsUrl)).json()) as Record<string, number>;
  printReport(performance.now() - started, { initMs, invocationMs, statuses, stats });
}

runMain(main);
