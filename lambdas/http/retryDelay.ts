/**
 * How long to wait before a retry: exponential backoff with jitter, or the
 * server's `Retry-After` (seconds or an HTTP date), never above the cap.
 * `Retry-After: 0` or a date in the past falls back to the backoff, so a
 * misbehaving server cannot make us burn every retry at once (dlt #4036).
 */

/** The first backoff step; each retry doubles it. */
export const BASE_DELAY_MS = 1000;

/** Options of {@link retryDelay}. */
export interface RetryDelayOptions {
  /** Cap on any one wait, `Retry-After` included unless {@link maxRetryAfterMs} says otherwise. */
  readonly maxDelayMs: number;
  /** Cap on a wait a `Retry-After` asks for. @default maxDelayMs */
  readonly maxRetryAfterMs?: number;
  /** Clock (ms since epoch), for HTTP-date `Retry-After`. */
  readonly now: () => number;
  /** A number in [0, 1), for jitter. */
  readonly random: () => number;
}

/** Milliseconds a `Retry-After` header asks for; undefined when absent, unparsable, 0 or in the past. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  const ms = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random,
 * so retries spread out but never collapse to zero.
 * @param attempt the retry number, starting at 1.
 */
export function backoffMs(attempt: number, options: Pick<RetryDelayOptions, 'maxDelayMs' | 'random'>): number {
  const step = Math.min(options.maxDelayMs, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (options.random() * step) / 2);
}

/** The wait before retry number `attempt`, honouring `retryAfter` (the header's value) when usable. */
export function retryDelay(attempt: number, retryAfter: string | null | undefined, options: RetryDelayOptions): number {
  const asked = retryAfterMs(retryAfter, options.now());
  if (asked !== undefined) return Math.min(Math.ceil(asked), options.maxRetryAfterMs ?? options.maxDelayMs);
  return backoffMs(attempt, options);
}
