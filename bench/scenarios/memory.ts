/**
 * 3. Memory: how much peak RSS grows from a run of 10,000 records to one of
 * 1,000,000 (records generated lazily by the server, so neither side holds the
 * data set), against the growth of the raw program of scenario 1 (platform
 * fetch + JSON.parse + gzip, nothing else) between the same two sizes on the
 * same servers: what any program reading these pages pays for V8 sizing its
 * heap. Each run is a fresh process; peak RSS is the child's own
 * `process.resourceUsage().maxRSS`. Protects: streaming end to end (no
 * accumulation of records, pages or part buffers), so a Lambda's memory size
 * does not depend on how much an API returns.
 *
 * More figures say what the growth is made of (checks, not targets): the live
 * heap along the large run, after a full GC at pages spread over it (what the
 * run keeps alive; a separate run, since forced GCs spoil its peak), a run of
 * 200,000 records (does the peak still grow between 200k and 1M, or has
 * it levelled off?), and the 1M
 * run under the V8 heap flags the nodejs22.x runtime passes to a function of
 * 128 MB (the smallest) and of the default 1024 MB (`--max-semi-space-size` =
 * memory / 20, old space 90 %).
 */
import { join } from 'node:path';
import { DEFAULTS } from '../../lambdas/config/defaults';
import { startApiServer } from '../lib/apiServer';
import { liveHeapSamplePages, liveHeapTrend, type LiveHeapTrend } from '../lib/liveHeapTrend';
import { alternate, defineScenario, freshDir, secretsFile } from '../lib/scenarioKit';
import { median, round } from '../lib/stats';
import type { WorkerReport } from '../lib/worker';
import type { EngineRunSettings } from '../workers/engineRun';
import { runWorker } from '../lib/worker';

const ID = 'memory';
const TITLE = 'Peak RSS, 10k vs 1M records';
const TARGET = 'peak RSS growth 10k → 1M ≤ the raw program\'s growth; 1M peak < 150 MB';
const MAX_RATIO = 1;
const MAX_MB = 150;
/**
 * Function memory sizes whose runtime heap flags the 1M run is repeated under:
 * the smallest Lambda allows, and the default (`deploy.memory_mb`).
 */
const LAMBDA_MEMORY_SIZES_MB = [128, DEFAULTS.deploy.memoryMb];

/** The V8 heap flags the nodejs runtime's bootstrap passes to a function of `memoryMb`. */
function lambdaHeapFlags(memoryMb: number): string[] {
  return [`--max-semi-space-size=${Math.floor(memoryMb / 20)}`, `--max-old-space-size=${Math.floor(memoryMb * 0.9)}`];
}
/**
 * Live heap growth per page of the large run that counts as accumulation. The
 * loop detector keeps ≈150 B per page by design, and undici's per-request abort
 * listeners go only when a finalizer runs, in batches (≈800 B per page measured
 * over 1,000 pages, in a sawtooth); the writer's old leak read ≈2,300.
 */
const ACCUMULATION_BYTES_PER_PAGE = 1024;

/**
 * Why the growth target was missed, in measured terms: whether the live heap
 * of the large run grows with its pages (then something accumulates), and
 * the raw program's own growth on the same servers.
 */
function growthWhy(growthMb: number, trend: LiveHeapTrend, rawGrowthMb: number): string {
  const first = trend.points[0];
  const last = trend.points[trend.points.length - 1];
  const heap = `${first.mb} MB at page ${first.page}, ${last.mb} MB at page ${last.page}`;
  const shape =
    trend.bytesPerPage < ACCUMULATION_BYTES_PER_PAGE
      ? `nothing accumulates but the loop detector's one URL per page: the live heap holds level (${heap}; ${trend.bytesPerPage} B per page, finalizers running late included); the rest of the peak is garbage awaiting collection and V8 growing its heap, which the small run ends before`
      : `the live heap grows ${trend.bytesPerPage} B per page (${heap}): something accumulates`;
  return `peak RSS grows ${growthMb} MB from the small run to the large (${shape}); platform fetch + JSON.parse + gzip alone grows ${rawGrowthMb} MB`;
}

/** Scenario 3. */
export const memory = defineScenario({
  id: ID,
  title: TITLE,
  target: TARGET,
  workers: ['server', 'engineRun', 'rawFetch'],
  inputs: (context) => ({
    small_records: 10_000,
    large_records: context.quick ? 100_000 : 1_000_000,
    medium_records: context.quick ? 50_000 : 200_000,
    records_per_page: 1000,
    record_bytes: 250,
    paginator: 'json_link',
    part_max_records: 'default (100000)',
    repeats: context.quick ? 1 : 3,
  }),
  async measure(context, inputs) {
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
    const medium = await serve(inputs.medium_records);
    const large = await serve(inputs.large_records);
    try {
      const secrets = secretsFile(context);
      const runOn =
        (origin: string, name: string, nodeArgs: readonly string[] = [], extra: Partial<EngineRunSettings> = {}) =>
        (i: number) =>
          runWorker(
            context.workers.engineRun,
            { origin, style: 'link', recordsPerPage: inputs.records_per_page, outDir: freshDir(context, ID, `${name}-${i}`), secretsFile: secrets, ...extra },
            { nodeArgs },
          );
      const rawOn = (origin: string, name: string) => (i: number) =>
        runWorker(context.workers.rawFetch, { firstUrl: `${origin}/link?page=0`, outFile: join(freshDir(context, ID, `raw-${name}-${i}`), 'out.jsonl.gz') });
      const pairs = await alternate<WorkerReport, WorkerReport>(inputs.repeats, runOn(large.origin, 'large'), runOn(small.origin, 'small'));
      context.log(`${ID}: large ${pairs.a.map((r) => round(r.maxRssMb)).join(',')} MB; small ${pairs.b.map((r) => round(r.maxRssMb)).join(',')} MB`);
      const middle = await alternate<WorkerReport, WorkerReport>(inputs.repeats, runOn(medium.origin, 'medium'), runOn(small.origin, 'small-again'));
      const raw = await alternate<WorkerReport, WorkerReport>(inputs.repeats, rawOn(large.origin, 'large'), rawOn(small.origin, 'small'));
      const underLambda: Record<string, number> = {};
      for (const memoryMb of LAMBDA_MEMORY_SIZES_MB) {
        const report = await runOn(large.origin, `large-lambda-${memoryMb}`, lambdaHeapFlags(memoryMb))(0);
        underLambda[`lambda_${memoryMb}mb_large_peak_mb`] = round(report.maxRssMb);
        underLambda[`lambda_${memoryMb}mb_large_wall_ms`] = round(report.wallMs);
      }
      const peak = (reports: readonly WorkerReport[]) => round(median(reports.map((r) => r.maxRssMb)));
      // A separate run (forced GCs spoil its peak RSS): the live heap along the large run.
      const windows = liveHeapSamplePages(inputs.large_records / inputs.records_per_page);
      const sampled = await runOn(large.origin, 'large-live-heap', ['--expose-gc'], { liveHeapAtPages: windows.flat() })(0);
      const trend = liveHeapTrend(windows, sampled.liveHeapAtPage as Record<string, number>);
      // Growth of each side, pair by pair (a large run and the small run next to it).
      const growth = (p: { a: WorkerReport[]; b: WorkerReport[] }) => p.a.map((r, i) => round(r.maxRssMb - p.b[i].maxRssMb));
      const largePeak = peak(pairs.a);
      const sluice = { label: `peak RSS growth, ${inputs.small_records} → ${inputs.large_records} records`, median: round(median(growth(pairs))), samples: growth(pairs) };
      const baseline = { label: 'the raw program\'s growth, same sizes', median: round(median(growth(raw))), samples: growth(raw) };
      const ratio = round(sluice.median / baseline.median, 2);
      const recordsOk = [...pairs.a, ...raw.a].every((r) => r.records === inputs.large_records) && [...pairs.b, ...raw.b].every((r) => r.records === inputs.small_records);
      const whys = [
        ...(ratio > MAX_RATIO ? [growthWhy(sluice.median, trend, baseline.median)] : []),
        ...(largePeak >= MAX_MB ? [`large run peaks at ${largePeak} MB`] : []),
        ...(recordsOk ? [] : ['record counts differ from the input']),
      ];
      return {
        unit: 'MB',
        sluice,
        baseline,
        ratio,
        met: whys.length === 0,
        ...(whys.length ? { why: whys.join('; ') } : {}),
        checks: {
          records_ok: recordsOk,
          large_peak_mb: largePeak,
          small_peak_mb: peak(pairs.b),
          large_samples_mb: pairs.a.map((r) => round(r.maxRssMb)),
          small_samples_mb: pairs.b.map((r) => round(r.maxRssMb)),
          large_wall_ms: round(median(pairs.a.map((r) => r.wallMs))),
          // What the large run keeps alive (a full GC after a page) along the run: does anything accumulate?
          live_heap_mb_by_page: Object.fromEntries(trend.points.map((p) => [p.page, p.mb])),
          live_heap_bytes_per_page: trend.bytesPerPage,
          // Has the peak levelled off? 200k against 1M records.
          medium_records: inputs.medium_records,
          medium_peak_mb: peak(middle.a),
          large_over_medium: round(largePeak / peak(middle.a), 2),
          // The baseline's peaks: platform fetch + JSON.parse + gzip, nothing else, same servers.
          raw_small_peak_mb: peak(raw.b),
          raw_large_peak_mb: peak(raw.a),
          raw_large_over_small: round(peak(raw.a) / peak(raw.b), 2),
          large_over_small: round(largePeak / peak(pairs.b), 2),
          // The 1M run with the heap flags of the runtime at the default memory size.
          // The 1M run under the heap flags of a 128 MB and a default-size function: does it fit?
          lambda_heap_flags: 'the nodejs runtime bootstrap: --max-semi-space-size=<memory/20> --max-old-space-size=<memory*0.9>',
          ...underLambda,
        },
      };
    } finally {
      small.stop();
      medium.stop();
      large.stop();
    }
  },
});
