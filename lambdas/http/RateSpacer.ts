/**
 * `client.rate_limit` as a schedule of start times: how long a request must
 * wait before it may start. Without a burst, starts are at least
 * `1000 / requests_per_second` ms apart, so no 1-second window holds more than
 * `requests_per_second` of them; a token bucket that starts full would let
 * `2n` through in the first second, which an API counting in windows answers
 * with 429s. With `burst: b`, up to b may start at once and the long-run rate
 * stays n per second (the generic cell rate algorithm: a theoretical arrival
 * time, and b − 1 intervals of tolerance before it).
 */
import type { RateLimitModel } from '../model';

/**
 * Added to each 1-second window before it is divided into intervals: the API
 * counts arrivals, not starts, and arrivals jitter by a few milliseconds, so
 * starts spaced exactly 1000 / n ms apart would often put n + 1 arrivals into
 * one of the server's seconds. It costs 2 % of the rate.
 */
export const JITTER_ALLOWANCE_MS = 20;

/** Spaces request starts to a rate. Not a timer: the caller waits and asks again. */
export class RateSpacer {
  /** Milliseconds between two starts at the long-run rate: (1000 + {@link JITTER_ALLOWANCE_MS}) / n. */
  readonly intervalMs: number;
  /** How far ahead of its theoretical time a start may be: (burst − 1) intervals. */
  private readonly toleranceMs: number;
  /** The theoretical time of the next start; -Infinity before the first. */
  private theoretical = Number.NEGATIVE_INFINITY;

  constructor(limit: RateLimitModel) {
    this.intervalMs = (1000 + JITTER_ALLOWANCE_MS) / limit.requestsPerSecond;
    this.toleranceMs = (limit.burst - 1) * this.intervalMs;
  }

  /** Milliseconds until a request may start at `now` (0: it may start now). */
  waitMs(now: number): number {
    return Math.max(0, this.theoretical - this.toleranceMs - now);
  }

  /**
   * Records a start at `now`, which must have had {@link waitMs} 0. Counted from
   * the actual start, not the time it was due: a start that came late (a timer
   * fires late, the event loop was busy) never lets the next come early, so the
   * window rule holds for the times requests really left.
   */
  started(now: number): void {
    this.theoretical = Math.max(this.theoretical, now) + this.intervalMs;
  }
}
