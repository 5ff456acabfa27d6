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
 * same loop fetching and parsing only (the platform's own floor: the loopback
 * round trip, reading and parsing). The server's own figures of each run say
 * where the time went: how long it held the pages (the latency, to a fraction
 * of a millisecond) and how long no page was in flight (the client's
 * turnaround from one response to its next request, the loopback included).
 */
import { join } from 'node:path';
import type { ServerStats } from '../lib/apiServer';
import { alternate, defineScenario, freshDir, secretsFile, sideOf } from '../lib/scenarioKit';
import { runEngine, startPageServer } from '../lib/pageServer';
import { median, round } from '../lib/stats';
import type { WorkerReport } from '../lib/worker';
import { runWorker } from '../lib/worker';

const ID = 'latency-floor';
const MAX_RATIO = 1.08;

/** A run and what the server saw of it (its stats' difference over the run). */
interface Observed {
  readonly report: WorkerReport;
  /** Mean milliseconds a page was held, and no page in flight per page (the turnaround). */
  readonly heldMsPerPage: number;
  readonly turnaroundMsPerPage: number;
}

/** The latency-floor scenario. */
export const latencyFloor = defineScenario({
  id: ID,
  title: 'Cursor chain at the API latency',
  target: 'sluice wall ≤ 1.08 × pages × latency',
  workers: ['server', 'engineRun', 'rawFetch'],
  inputs: (context) => ({
    pages: 200,
    records_per_page: 100,
    record_bytes: 1000,
    api_latency_ms_per_page: 20,
    paginator: 'cursor (next_cursor in the body, sent as ?cursor=)',
    repeats: context.quick ? 1 : 5,
  }),
  async measure(context, inputs) {
    const server = await startPageServer(context, inputs, 'cursor');
    try {
      const secrets = secretsFile(context);
      const firstUrl = `${server.origin}/cursor`;
      // The server's counters are cumulative: each run is what they moved by while it ran.
      const observe = async (run: () => Promise<WorkerReport>): Promise<Observed> => {
        const before: ServerStats = await server.stats();
        const report = await run();
        const after = await server.stats();
        const pages = after.pages - before.pages;
        return { report, heldMsPerPage: (after.heldMs - before.heldMs) / pages, turnaroundMsPerPage: (after.idleMs - before.idleMs) / pages };
      };
      const engine = (i: number): Promise<Observed> =>
        observe(() => runEngine(context, ID, `engine-${i}`, { origin: server.origin, style: 'cursor', recordsPerPage: inputs.records_per_page, secretsFile: secrets }));
      // The naive loop, then the fetch-and-parse loop, back to back: one side of the pairing.
      const naive = async (i: number): Promise<[Observed, Observed]> => [
        await observe(() => runWorker(context.workers.rawFetch, { firstUrl, cursorParam: 'cursor', outFile: join(freshDir(context, ID, `naive-${i}`), 'records.jsonl.gz') })),
        await observe(() => runWorker(context.workers.rawFetch, { firstUrl, cursorParam: 'cursor' })),
      ];
      const pairs = await alternate(inputs.repeats, engine, naive);
      const engineRuns = pairs.a;
      const naiveRuns = pairs.b.map(([loop]) => loop);
      const fetchOnlyRuns = pairs.b.map(([, fetchOnly]) => fetchOnly);
      const floorMs = inputs.pages * inputs.api_latency_ms_per_page;
      const wall = (runs: readonly Observed[]): number => median(runs.map((r) => r.report.wallMs));
      const perPage = (runs: readonly Observed[], pick: (r: Observed) => number): number => round(median(runs.map(pick)), 2);
      const naiveMs = wall(naiveRuns);
      const fetchOnlyMs = wall(fetchOnlyRuns);
      const walls = (runs: readonly Observed[]): string => runs.map((r) => Math.round(r.report.wallMs)).join(',');
      context.log(`${ID}: sluice ${walls(engineRuns)} ms; naive ${walls(naiveRuns)} ms; fetch only ${walls(fetchOnlyRuns)} ms`);
      const sluice = sideOf('runSource → LocalStore (cursor)', engineRuns.map((r) => r.report));
      const ratio = round(sluice.median / floorMs, 2);
      const expected = inputs.pages * inputs.records_per_page;
      const recordsOk = [...engineRuns, ...naiveRuns, ...fetchOnlyRuns].every((r) => r.report.records === expected);
      const whys = [
        ...(ratio > MAX_RATIO
          ? [
              `wall ${sluice.median} ms is ${ratio} × the ${floorMs} ms floor (${round((sluice.median - floorMs) / inputs.pages, 2)} ms per page over the latency, of which the server saw ${perPage(engineRuns, (r) => r.turnaroundMsPerPage)} ms per page with no request in flight); the naive loop: ${round(naiveMs / floorMs, 2)} ×, fetch and parse only: ${round(fetchOnlyMs / floorMs, 2)} ×`,
            ]
          : []),
        ...(recordsOk ? [] : [`record counts differ from ${expected}`]),
      ];
      return {
        unit: 'ms',
        sluice,
        baseline: { label: 'pages × latency', median: floorMs, samples: [floorMs] },
        ratio,
        met: whys.length === 0,
        ...(whys.length ? { why: whys.join('; ') } : {}),
        checks: {
          records_ok: recordsOk,
          floor_ms: floorMs,
          ms_per_page_over_latency: round((sluice.median - floorMs) / inputs.pages, 2),
          // What the server saw: the latency it really held, and the client's turnaround per page.
          server_held_ms_per_page: perPage(engineRuns, (r) => r.heldMsPerPage),
          turnaround_ms_per_page: perPage(engineRuns, (r) => r.turnaroundMsPerPage),
          naive_loop_ms: round(naiveMs),
          naive_loop_ratio: round(naiveMs / floorMs, 2),
          naive_turnaround_ms_per_page: perPage(naiveRuns, (r) => r.turnaroundMsPerPage),
          fetch_only_ms: round(fetchOnlyMs),
          fetch_only_ratio: round(fetchOnlyMs / floorMs, 2),
          fetch_only_turnaround_ms_per_page: perPage(fetchOnlyRuns, (r) => r.turnaroundMsPerPage),
        },
      };
    } finally {
      server.stop();
    }
  },
});
