/**
 * 429 storm: a server that allows 5 requests in flight and answers 429 with
 * `Retry-After: 1` above that, read with 8 requests in flight. The run must
 * finish with every record once, and the budget must learn the server's limit
 * (the source-wide pause on a 429, the in-flight limit halved on repeated
 * 429s and grown back slowly) so that 429s stay under 5 % of requests.
 * Protects: a throttled API met with restraint, not a storm of retries.
 */
import { LIMITED_WORKERS, limitedInputs, limitedRun } from '../lib/limitedRun';
import { defineScenario } from '../lib/scenarioKit';
import { round } from '../lib/stats';

const ID = 'throttle-storm';
const MAX_SHARE = 0.05;

/** The 429-storm scenario. */
export const throttleStorm = defineScenario({
  id: ID,
  title: '429 storm: a server allowing 5 in flight',
  target: 'finishes, every record once, 429s < 5 % of requests',
  workers: LIMITED_WORKERS,
  inputs: (context) => ({ ...limitedInputs(context.quick ? 80 : 400, 50), server_max_in_flight: 5, retry_after_s: 1 }),
  async measure(context, inputs) {
    const limits = { maxInFlight: inputs.server_max_in_flight, retryAfter: String(inputs.retry_after_s) };
    const { report, stats, recordsOk, checks } = await limitedRun(context, ID, inputs, limits);
    const requests = stats.pages + stats.throttled;
    const share = round(stats.throttled / requests, 4);
    context.log(`${ID}: ${stats.throttled} × 429 of ${requests} requests (${round(share * 100, 2)} %) in ${Math.round(report.wallMs)} ms`);
    const whys = [
      ...(share >= MAX_SHARE ? [`429s are ${round(share * 100, 2)} % of requests`] : []),
      ...(recordsOk ? [] : ['the run did not finish with every record once, in page order']),
    ];
    return {
      unit: 'count',
      sluice: { label: '429 responses', median: stats.throttled, samples: [stats.throttled] },
      baseline: { label: 'requests', median: requests, samples: [requests] },
      ratio: share,
      met: whys.length === 0,
      ...(whys.length ? { why: whys.join('; ') } : {}),
      checks: {
        share_429: share,
        requests,
        ...checks,
        // The floor at 5 in flight: pages × latency ÷ 5.
        ideal_ms_at_5: round((inputs.pages * inputs.api_latency_ms_per_page) / inputs.server_max_in_flight),
      },
    };
  },
});
