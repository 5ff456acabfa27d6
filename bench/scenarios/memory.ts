/**
 * 3. Memory: peak RSS of a run of 10,000 records against one of 1,000,000
 * (records generated lazily by the server, so neither side holds the data
 * set). Each run is a fresh process; peak RSS is the child's own
 * `process.resourceUsage().maxRSS`. Protects: streaming end to end (no
 * accumulation of records, pages or part buffers), so a Lambda's memory size
 * does not depend on how much an API returns.
 */
import { startApiServer } from '../lib/apiServer';
import { alternate, freshDir, missingWorkers, notRun, secondsSince, secretsFile, sideOf } from '../lib/scenarioKit';
import { round } from '../lib/stats';
import type { BenchContext, Scenario, ScenarioResult } from '../lib/types';
import type { WorkerReport } from '../lib/worker';
import { runWorker } from '../lib/worker';

const ID = 'memory';
const TITLE = 'Peak RSS, 10k vs 1M records';
const TARGET = 'large peak < 1.2 × small peak and < 200 MB';
const MAX_RATIO = 1.2;
const MAX_MB = 200;

async function run(context: BenchContext): Promise<ScenarioResult> {
  const started = performance.now();
  const inputs = {
    small_records: 10_000,
    large_records: context.quick ? 100_000 : 1_000_000,
    records_per_page: 1000,
    record_bytes: 250,
    paginator: 'json_link',
    part_max_records: 'default (100000)',
    repeats: context.quick ? 1 : 2,
  };
  const missing = missingWorkers(context, ['server', 'engineRun']);
  if (missing) return notRun(ID, TITLE, inputs, TARGET, missing, started);

  const serve = (records: number) =>
    startApiServer(context.workers.server, {
      pages: records / inputs.records_per_page,
      recordsPerPage: inputs.records_per_page,
      recordBytes: inputs.record_bytes,
      delayMs: 0,
      style: 'link',
      lazy: true,
    });
  const small = await serve(inputs.small_records);
  const large = await serve(inputs.large_records);
  try {
    const secrets = secretsFile(context);
    const runOn = (origin: string, name: string) => (i: number) =>
      runWorker(context.workers.engineRun, {
        origin,
        style: 'link',
        recordsPerPage: inputs.records_per_page,
        outDir: freshDir(context, ID, `${name}-${i}`),
        secretsFile: secrets,
      });
    const pairs = await alternate<WorkerReport, WorkerReport>(inputs.repeats, runOn(large.origin, 'large'), runOn(small.origin, 'small'));
    context.log(`${ID}: large ${pairs.a.map((r) => round(r.maxRssMb)).join(',')} MB; small ${pairs.b.map((r) => round(r.maxRssMb)).join(',')} MB`);
    const sluice = sideOf(`${inputs.large_records} records`, pairs.a, (r) => r.maxRssMb);
    const baseline = sideOf(`${inputs.small_records} records`, pairs.b, (r) => r.maxRssMb);
    const ratio = round(sluice.median / baseline.median, 2);
    const recordsOk = pairs.a.every((r) => r.records === inputs.large_records) && pairs.b.every((r) => r.records === inputs.small_records);
    const whys = [
      ...(ratio >= MAX_RATIO ? [`large run peaks at ${ratio} × the small run`] : []),
      ...(sluice.median >= MAX_MB ? [`large run peaks at ${sluice.median} MB`] : []),
      ...(recordsOk ? [] : ['record counts differ from the input']),
    ];
    return {
      id: ID,
      title: TITLE,
      inputs,
      unit: 'MB',
      sluice,
      baseline,
      ratio,
      target: TARGET,
      met: whys.length === 0,
      ...(whys.length ? { why: whys.join('; ') } : {}),
      checks: { records_ok: recordsOk, large_wall_ms: round(pairs.a.map((r) => r.wallMs).sort((x, y) => x - y)[Math.floor(pairs.a.length / 2)]) },
      seconds: secondsSince(started),
    };
  } finally {
    small.stop();
    large.stop();
  }
}

/** Scenario 3. */
export const memory: Scenario = { id: ID, title: TITLE, run };
