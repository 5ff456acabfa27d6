/**
 * Rate limit: a server that enforces 20 requests per second (a sliding window
 * over arrivals; 429 above it) and a source with `rate_limit:
 * {"requests_per_second": 20}` and 8 requests in flight. The rate is measured
 * where the API counts it: the server's arrivals of the pages it served, first
 * to last. Protects: the budget spacing requests so that a strict API never
 * answers 429, while still using the rate it allows.
 */
import { LIMITED_WORKERS, limitedInputs, limitedRun } from '../lib/limitedRun';
import { defineScenario } from '../lib/scenarioKit';
import { round } from '../lib/stats';

const ID = 'rate-limit';
const RATE = 20;
const TOLERANCE = 0.05;

/** The rate-limit scenario. */
export const rateLimit = defineScenario({
  id: ID,
  title: 'A server enforcing 20 requests/s',
  target: 'achieved rate within 5 % of 20/s over 20 s; 0 responses 429',
  workers: LIMITED_WORKERS,
  inputs: (context) => ({ ...limitedInputs(context.quick ? 60 : 401, 20), server_limit_rps: RATE, rate_limit: { requests_per_second: RATE } }),
  async measure(context, inputs) {
    const { stats, recordsOk, checks } = await limitedRun(context, ID, inputs, { requestsPerSecond: RATE }, inputs.rate_limit);
    const spanS = (stats.lastPageAt - stats.firstPageAt) / 1000;
    // n arrivals span n − 1 intervals.
    const achieved = round((stats.pages - 1) / spanS, 2);
    const off = round(Math.abs(achieved - RATE) / RATE, 3);
    context.log(`${ID}: ${stats.pages} pages over ${round(spanS)} s = ${achieved}/s; ${stats.throttled} × 429`);
    const whys = [
      ...(off > TOLERANCE ? [`achieved ${achieved}/s is ${round(off * 100, 1)} % off ${RATE}/s`] : []),
      ...(stats.throttled > 0 ? [`${stats.throttled} responses 429`] : []),
      ...(recordsOk ? [] : ['output records not identical to 0..n-1 in page order']),
    ];
    return {
      unit: 'req/s',
      sluice: { label: 'achieved rate at the server', median: achieved, samples: [achieved] },
      baseline: { label: 'the server limit', median: RATE, samples: [RATE] },
      ratio: round(achieved / RATE, 3),
      met: whys.length === 0,
      ...(whys.length ? { why: whys.join('; ') } : {}),
      checks: { achieved_rps: achieved, span_s: round(spanS), ...checks },
    };
  },
});
