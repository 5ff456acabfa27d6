/**
 * The request budget in the log while a run goes on: once a minute, the
 * in-flight limit in force (lowered by repeated 429s) and the rate achieved over
 * that minute, so a long run that crawls because the API throttles it says so
 * before its summary does.
 */
import type { RequestBudget } from '../http/RequestBudget';
import type { Logger } from '../observability/Logger';

/** How often {@link logBudget} writes. */
export const BUDGET_LOG_INTERVAL_MS = 60_000;

/**
 * Logs `budget` every `intervalMs` until the returned function is called. The
 * timer is unref'd: it never keeps a finished process alive.
 */
export function logBudget(budget: RequestBudget, logger: Logger, intervalMs: number = BUDGET_LOG_INTERVAL_MS): () => void {
  let last = budget.stats();
  let lastAt = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    const stats = budget.stats();
    const seconds = (now - lastAt) / 1000;
    logger.info('request budget', {
      concurrency_limit: stats.concurrency_limit,
      in_flight: stats.in_flight,
      max_in_flight: stats.max_in_flight,
      requests: stats.requests,
      // Over the last interval: the rate now, which the run's average hides.
      requests_per_second: seconds > 0 ? Math.round(((stats.requests - last.requests) / seconds) * 100) / 100 : 0,
      throttled_429: stats.throttled_429,
      paused_ms: stats.paused_ms,
      ...(stats.rate_limit ? { rate_limit: stats.rate_limit } : {}),
    });
    last = stats;
    lastAt = now;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
