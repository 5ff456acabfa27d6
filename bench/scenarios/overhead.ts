/**
 * 1. Engine overhead: the full engine against the plainest program doing the
 * same job, on a loopback API with no added latency, both writing gzip JSON
 * Lines to the same disk. Protects: the engine's per-page and per-record work
 * (paginator, selector, redaction, serialization, part rollover) staying a
 * small fraction of what a Lambda pays anyway for I/O, JSON and gzip.
 */
import { join } from 'node:path';
import { runEngine, startPageServer } from '../lib/pageServer';
import { alternate, defineScenario, freshDir, secretsFile, sideOf } from '../lib/scenarioKit';
import { round } from '../lib/stats';
import type { WorkerReport } from '../lib/worker';
import { runWorker } from '../lib/worker';

const ID = 'overhead';
const TITLE = 'Engine overhead vs raw fetch+gzip';
const TARGET = 'sluice wall ≤ 0.9 × baseline wall';
// Below 1: the raw program does one thing at a time, while the engine overlaps the
// next fetch with parsing, serialization and gzip (on the thread pool).
const MAX_RATIO = 0.9;

/** Scenario 1. */
export const overhead = defineScenario({
  id: ID,
  title: TITLE,
  target: TARGET,
  workers: ['server', 'engineRun', 'rawFetch'],
  inputs: (context) => ({
    pages: context.quick ? 200 : 2000,
    records_per_page: 100,
    record_bytes: 1000,
    added_latency_ms: 0,
    paginator: 'json_link',
    repeats: context.quick ? 2 : 3,
    warmup_pairs: 0,
  }),
  async measure(context, inputs) {
    const server = await startPageServer(context, inputs, 'link');
    try {
      const secrets = secretsFile(context);
      const engine = (i: number): Promise<WorkerReport> =>
        runEngine(context, ID, `engine-${i}`, { origin: server.origin, style: 'link', recordsPerPage: inputs.records_per_page, secretsFile: secrets });
      const raw = (i: number): Promise<WorkerReport> =>
        runWorker(context.workers.rawFetch, {
          firstUrl: `${server.origin}/link?page=0`,
          outFile: join(freshDir(context, ID, `raw-${i}`), 'records.jsonl.gz'),
        });
      if (inputs.warmup_pairs) await alternate(inputs.warmup_pairs, engine, raw);
      const pairs = await alternate(inputs.repeats, engine, raw);
      context.log(`${ID}: sluice ${pairs.a.map((r) => Math.round(r.wallMs)).join(',')} ms; raw ${pairs.b.map((r) => Math.round(r.wallMs)).join(',')} ms`);
      const expected = inputs.pages * inputs.records_per_page;
      const sluice = sideOf('runSource → LocalStore (json_link)', pairs.a);
      const baseline = sideOf('platform fetch + JSON.parse + gzip stream', pairs.b);
      const ratio = round(sluice.median / baseline.median, 2);
      const recordsOk = pairs.a.every((r) => r.records === expected) && pairs.b.every((r) => r.records === expected);
      const cpuRatio = round((sluice.extra?.cpu_ms ?? 0) / (baseline.extra?.cpu_ms ?? 1), 2);
      return {
        unit: 'ms',
        sluice,
        baseline,
        ratio,
        met: recordsOk && ratio <= MAX_RATIO,
        ...(recordsOk ? {} : { why: `record counts differ from ${expected}` }),
        ...(ratio > MAX_RATIO ? { why: `engine takes ${ratio} × the raw baseline's wall time (CPU ${cpuRatio} ×)` } : {}),
        checks: { expected_records: expected, records_ok: recordsOk, cpu_ratio: cpuRatio, files_per_run: pairs.a[0]?.files },
      };
    } finally {
      server.stop();
    }
  },
});
