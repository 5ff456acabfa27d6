/**
 * `client.rate_limit` as a schedule of start times: how long a request must
 * wait before it may start.
 *
 * Without a burst, no window of one second (plus {@link JITTER_ALLOWANCE_MS})
 * holds more than `requests_per_second` starts, checked against the times
 * requests really started; and starts are spread over the second, one every
 * `1000 / n` ms, rather than sent n at once. A token bucket that starts full
 * would let `2n` through in the first second, which an API counting in fixed
 * or sliding windows answers with 429s.
 *
 * With `burst: b`, up to b may start at once and the long-run rate stays n per
 * second (the generic cell rate algorithm: a theoretical start time, and b − 1
 * intervals of tolerance before it).
 */
import type { RateLimitModel } from '../model';

/**
 * Added to each window of the rule: the API counts arrivals, not starts, and
 * arrivals jitter by some milliseconds, so n starts exactly one second apart
 * from the n before would often put n + 1 arrivals into one of the server's
 * seconds. It costs 2 % of the rate.
 */
export const JITTER_ALLOWANCE_MS = 20;

/** Spaces request starts to a rate. Not a timer: the caller waits and asks again. */
export class RateSpacer {
  /** Milliseconds between two starts at the long-run rate. */
  readonly intervalMs: number;
  /** How far ahead of its theoretical time a start may be: (burst − 1) intervals. */
  private readonly toleranceMs: number;
  /** Without a burst: starts a window may hold (`requests_per_second`, whole, at least 1)... */
  private readonly windowStarts: number;
  /** ...and the window's length (a second, longer when the rate is below one per second, plus the allowance). */
  private readonly windowMs: number;
  private readonly burst: number;
  /** The theoretical time of the next start; -Infinity before the first (then it is a full interval after it). */
  private theoretical = Number.NEGATIVE_INFINITY;
  /** Without a burst: the last `windowStarts` actual starts, oldest first. */
  private readonly recent: number[] = [];

  constructor(limit: RateLimitModel) {
    const n = limit.requestsPerSecond;
    this.intervalMs = 1000 / n;
    this.burst = limit.burst;
    this.toleranceMs = (limit.burst - 1) * this.intervalMs;
    // A fractional rate allows whole requests only: 2.5/s is 2 in any second; 0.5/s is 1 in any 2 s.
    this.windowStarts = Math.max(1, Math.floor(n));
    this.windowMs = Math.max(1000, (this.windowStarts * 1000) / n) + JITTER_ALLOWANCE_MS;
  }

  /** Milliseconds until a request may start at `now` (0: it may start now). */
  waitMs(now: number): number {
    let wait = this.theoretical - this.toleranceMs - now;
    if (this.burst === 1 && this.recent.length === this.windowStarts) wait = Math.max(wait, this.recent[0] + this.windowMs - now);
    return Math.max(0, wait);
  }

  /** Records a start at `now`, which must have had {@link waitMs} 0. */
  started(now: number): void {
    if (this.theoretical === Number.NEGATIVE_INFINITY) this.theoretical = now;
    if (this.burst > 1) {
      this.theoretical = Math.max(this.theoretical, now) + this.intervalMs;
      return;
    }
    // A start that came a little late (a timer fires late, the event loop was busy)
    // keeps its slot in the schedule instead of pushing every later one back, so the
    // lateness does not add up to a lower rate; up to half an interval is caught up,
    // so two starts are never closer than that. The window check on actual starts
    // keeps the rule whatever the schedule allows.
    this.theoretical = Math.max(this.theoretical, now - this.intervalMs / 2) + this.intervalMs;
    this.recent.push(now);
    if (this.recent.length > this.windowStarts) this.recent.shift();
  }
}
