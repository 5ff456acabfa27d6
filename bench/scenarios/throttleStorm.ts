/**
 * 429 storm: a server that allows 5 requests in flight and answers 429 with
 * `Retry-After: 1` above that, read with 8 requests in flight. The run must
 * finish with every record once, and the budget must learn the server's limit
 * (the source-wide pause on a 429, the in-flight limit halved on repeated
 * 429s and grown back slowly) so that 429s stay under 5 % of requests.
 * Protects: a throttled API met with restraint, not a storm of retries.
 *
 * As in the rate-limit scenario, the 8 concurrent requests are an offset
 * resource's pages fetched 8 at once, on the same source-wide budget that
 * parallel chains share.
 */
import { limitedRun } from '../lib/limitedRun';
import { missingWorkers, notRun, secondsSince } from '../lib/scenarioKit';
import { round } from '../lib/stats';
import type { BenchContext, Scenario, ScenarioResult } from '../lib/types';

const ID = 'throttle-storm';
const TITLE = '429 storm: a server allowing 5 in flight';
const TARGET = 'finishes, every record once, 429s < 5 % of requests';
const MAX_SHARE = 0.05;

async function run(context: BenchContext): Promise<ScenarioResult> {
  const started = performance.now();
  const inputs = {
    pages: context.quick ? 80 : 400,
    records_per_page: 20,
    record_bytes: 200,
    api_latency_ms_per_page: 50,
    server_max_in_flight: 5,
    retry_after_s: 1,
    concurrency: 8,
    paginator: 'offset (total_path: total), concurrency 8',
  };
  const missing = missingWorkers(context, ['server', 'engineRun']);
  if (missing) return notRun(ID, TITLE, inputs, TARGET, missing, started);

  const { report, stats, recordsOk } = await limitedRun(context, {
    id: ID,
    pages: inputs.pages,
    recordsPerPage: inputs.records_per_page,
    recordBytes: inputs.record_bytes,
    delayMs: inputs.api_latency_ms_per_page,
    concurrency: inputs.concurrency,
    limits: { maxInFlight: inputs.server_max_in_flight, retryAfter: String(inputs.retry_after_s) },
  });
  const requests = stats.pages + stats.throttled;
  const share = round(stats.throttled / requests, 4);
  context.log(`${ID}: ${stats.throttled} × 429 of ${requests} requests (${round(share * 100, 2)} %) in ${Math.round(report.wallMs)} ms`);
  const whys = [
    ...(share >= MAX_SHARE ? [`429s are ${round(share * 100, 2)} % of requests`] : []),
    ...(recordsOk ? [] : ['the run did not finish with every record once, in page order']),
  ];
  return {
    id: ID,
    title: TITLE,
    inputs,
    unit: 'count',
    sluice: { label: '429 responses', median: stats.throttled, samples: [stats.throttled] },
    baseline: { label: 'requests', median: requests, samples: [requests] },
    ratio: share,
    target: TARGET,
    met: whys.length === 0,
    ...(whys.length ? { why: whys.join('; ') } : {}),
    checks: {
      share_429: share,
      requests,
      pages_served: stats.pages,
      max_in_flight_at_server: stats.maxInFlight,
      records_ok: recordsOk,
      wall_ms: round(report.wallMs),
      // The floor at 5 in flight: pages × latency ÷ 5.
      ideal_ms_at_5: round((inputs.pages * inputs.api_latency_ms_per_page) / inputs.server_max_in_flight),
      budget: report.budget,
    },
    seconds: secondsSince(started),
  };
}

/** The 429-storm scenario. */
export const throttleStorm: Scenario = { id: ID, title: TITLE, run };
