/**
 * 2. Pipelining: pages that take 20 ms each and part uploads that take 100 ms
 * each, sized so the two totals are equal. An engine that fetches and uploads
 * in turn needs about the sum; one that overlaps them needs about the larger.
 * Protects: uploads running behind the page loop (S3 multipart latency hidden
 * behind API latency) instead of stalling it. The baseline is the measured
 * total API time (the same pages fetched plainly, nothing written) and the
 * total upload time (parts × added latency), whichever is larger.
 */
import { runEngine, startPageServer } from '../lib/pageServer';
import { alternate, defineScenario, secretsFile, sideOf } from '../lib/scenarioKit';
import { median, round } from '../lib/stats';
import type { WorkerReport } from '../lib/worker';
import { runWorker } from '../lib/worker';

const ID = 'pipelining';
const TITLE = 'Fetch/upload overlap';
const TARGET = 'sluice wall ≤ 1.15 × max(total API time, total upload time)';
const MAX_RATIO = 1.15;

interface EngineReport extends WorkerReport {
  readonly uploads?: { count: number; totalMs: number; maxInFlight: number };
}

/** Scenario 2. */
export const pipelining = defineScenario({
  id: ID,
  title: TITLE,
  target: TARGET,
  workers: ['server', 'engineRun', 'rawFetch'],
  inputs: (context) => ({
    pages: 200,
    records_per_page: 100,
    record_bytes: 1000,
    api_latency_ms_per_page: 20,
    part_max_records: 500,
    upload_latency_ms_per_part: 100,
    paginator: 'json_link',
    repeats: context.quick ? 1 : 3,
  }),
  async measure(context, inputs) {
    const server = await startPageServer(context, inputs, 'link');
    try {
      const secrets = secretsFile(context);
      const engine = (i: number): Promise<EngineReport> =>
        runEngine<EngineReport>(context, ID, `engine-${i}`, {
          origin: server.origin,
          style: 'link',
          recordsPerPage: inputs.records_per_page,
          partMaxRecords: inputs.part_max_records,
          uploadDelayMs: inputs.upload_latency_ms_per_part,
          secretsFile: secrets,
        });
      const api = (): Promise<WorkerReport> => runWorker(context.workers.rawFetch, { firstUrl: `${server.origin}/link?page=0` });
      const pairs = await alternate(inputs.repeats, engine, api);
      const parts = median(pairs.a.map((r) => r.uploads?.count ?? 0));
      const apiMs = median(pairs.b.map((r) => r.wallMs));
      const uploadMs = parts * inputs.upload_latency_ms_per_part;
      const bound = Math.max(apiMs, uploadMs);
      const sluice = sideOf('runSource → 100 ms-per-part store', pairs.a);
      const baseline = { label: 'max(total API time, total upload time)', median: round(bound), samples: pairs.b.map((r) => round(Math.max(r.wallMs, uploadMs))) };
      const ratio = round(sluice.median / bound, 2);
      const serialMs = apiMs + uploadMs;
      return {
        unit: 'ms',
        sluice,
        baseline,
        ratio,
        met: ratio <= MAX_RATIO,
        ...(ratio > MAX_RATIO
          ? { why: `wall ${round(sluice.median)} ms vs ${round(bound)} ms bound; fetch-then-upload in turn would take ≈${round(serialMs)} ms` }
          : {}),
        checks: {
          total_api_ms: round(apiMs),
          total_upload_ms: uploadMs,
          parts_uploaded: parts,
          serial_estimate_ms: round(serialMs),
          max_uploads_in_flight: Math.max(...pairs.a.map((r) => r.uploads?.maxInFlight ?? 0)),
        },
      };
    } finally {
      server.stop();
    }
  },
});
