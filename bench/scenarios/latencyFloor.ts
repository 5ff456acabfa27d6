/**
 * Latency floor: a cursor chain of 200 pages at 20 ms each. A cursor chain
 * cannot be parallel (each request needs the cursor of the page before), so
 * its wall time can never be below pages × latency; what the engine adds on
 * top is the work between one response arriving and the next request leaving
 * (reading and parsing the body, the paginator, the cursor), since writing a
 * page (serialization, scrubbing, gzip, upload) can happen while the next
 * request is out. Protects: a slow API's run costing its latency and not much
 * more, which is what most real extractions are.
 *
 * The baseline is the floor itself, pages × latency (not measured). For the
 * why, two measured programs on the same server (checks): the naive Node loop
 * of scenario 1 (fetch, parse, serialize, gzip, then the next request) and the
 * same loop fetching and parsing only (the platform's own floor: the server's
 * timer and the loopback round trip).
 */
import { join } from 'node:path';
import { startApiServer } from '../lib/apiServer';
import { alternate, freshDir, missingWorkers, notRun, secondsSince, secretsFile, sideOf } from '../lib/scenarioKit';
import { median, round } from '../lib/stats';
import type { BenchContext, Scenario, ScenarioResult } from '../lib/types';
import type { WorkerReport } from '../lib/worker';
import { runWorker } from '../lib/worker';

const ID = 'latency-floor';
const TITLE = 'Cursor chain at the API latency';
const TARGET = 'sluice wall ≤ 1.08 × pages × latency';
const MAX_RATIO = 1.08;

async function run(context: BenchContext): Promise<ScenarioResult> {
  const started = performance.now();
  const inputs = {
    pages: 200,
    records_per_page: 100,
    record_bytes: 1000,
    api_latency_ms_per_page: 20,
    paginator: 'cursor (next_cursor in the body, sent as ?cursor=)',
    repeats: context.quick ? 1 : 5,
  };
  const missing = missingWorkers(context, ['server', 'engineRun', 'rawFetch']);
  if (missing) return notRun(ID, TITLE, inputs, TARGET, missing, started);

  const server = await startApiServer(context.workers.server, {
    pages: inputs.pages,
    recordsPerPage: inputs.records_per_page,
    recordBytes: inputs.record_bytes,
    delayMs: inputs.api_latency_ms_per_page,
    style: 'cursor',
  });
  try {
    const secrets = secretsFile(context);
    const firstUrl = `${server.origin}/cursor`;
    const engine = (i: number): Promise<WorkerReport> =>
      runWorker(context.workers.engineRun, {
        origin: server.origin,
        style: 'cursor',
        recordsPerPage: inputs.records_per_page,
        outDir: freshDir(context, ID, `engine-${i}`),
        secretsFile: secrets,
      });
    // The naive loop, then the fetch-and-parse loop, back to back: one side of the pairing.
    const naive = async (i: number): Promise<[WorkerReport, WorkerReport]> => [
      await runWorker(context.workers.rawFetch, { firstUrl, cursorParam: 'cursor', outFile: join(freshDir(context, ID, `naive-${i}`), 'records.jsonl.gz') }),
      await runWorker(context.workers.rawFetch, { firstUrl, cursorParam: 'cursor' }),
    ];
    const pairs = await alternate(inputs.repeats, engine, naive);
    const floorMs = inputs.pages * inputs.api_latency_ms_per_page;
    const naiveMs = median(pairs.b.map(([loop]) => loop.wallMs));
    const fetchOnlyMs = median(pairs.b.map(([, fetchOnly]) => fetchOnly.wallMs));
    context.log(`${ID}: sluice ${pairs.a.map((r) => Math.round(r.wallMs)).join(',')} ms; naive ${pairs.b.map(([r]) => Math.round(r.wallMs)).join(',')} ms; fetch only ${pairs.b.map(([, r]) => Math.round(r.wallMs)).join(',')} ms`);
    const sluice = sideOf('runSource → LocalStore (cursor)', pairs.a);
    const ratio = round(sluice.median / floorMs, 2);
    const expected = inputs.pages * inputs.records_per_page;
    const recordsOk = pairs.a.every((r) => r.records === expected) && pairs.b.every(([loop, fetchOnly]) => loop.records === expected && fetchOnly.records === expected);
    const whys = [
      ...(ratio > MAX_RATIO
        ? [`wall ${sluice.median} ms is ${ratio} × the ${floorMs} ms floor (${round((sluice.median - floorMs) / inputs.pages, 2)} ms per page over the latency); the naive loop: ${round(naiveMs / floorMs, 2)} ×, fetch and parse only: ${round(fetchOnlyMs / floorMs, 2)} ×`]
        : []),
      ...(recordsOk ? [] : [`record counts differ from ${expected}`]),
    ];
    return {
      id: ID,
      title: TITLE,
      inputs,
      unit: 'ms',
      sluice,
      baseline: { label: 'pages × latency', median: floorMs, samples: [floorMs] },
      ratio,
      target: TARGET,
      met: whys.length === 0,
      ...(whys.length ? { why: whys.join('; ') } : {}),
      checks: {
        records_ok: recordsOk,
        floor_ms: floorMs,
        ms_per_page_over_latency: round((sluice.median - floorMs) / inputs.pages, 2),
        naive_loop_ms: round(naiveMs),
        naive_loop_ratio: round(naiveMs / floorMs, 2),
        fetch_only_ms: round(fetchOnlyMs),
        fetch_only_ratio: round(fetchOnlyMs / floorMs, 2),
      },
      seconds: secondsSince(started),
    };
  } finally {
    server.stop();
  }
}

/** The latency-floor scenario. */
export const latencyFloor: Scenario = { id: ID, title: TITLE, run };
