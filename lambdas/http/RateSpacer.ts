/**
 * `client.rate_limit` as a schedule of start times: how long a request must
 * wait before it may start.
 *
 * Without a burst, no window of one second (plus {@link JITTER_ALLOWANCE_MS})
 * holds more than `requests_per_second` arrivals at the API, as estimated from
 * the times requests really started and how long each took to come back; and
 * starts are spread over the second, one every `1000 / n` ms, rather than sent
 * n at once. A token bucket that starts full would let `2n` through in the
 * first second, which an API counting in fixed or sliding windows answers with
 * 429s.
 *
 * With `burst: b`, up to b may start at once and the long-run rate stays n per
 * second (the generic cell rate algorithm: a theoretical start time, and b − 1
 * intervals of tolerance before it).
 */
import type { RateLimitModel } from '../model';

/**
 * Added to each window of the rule, for what the estimate of an arrival
 * cannot see: the millisecond clock, and the jitter of the server's own
 * round trip. It costs 0.5 % of the rate.
 */
export const JITTER_ALLOWANCE_MS = 5;

/**
 * The most a start is taken to have reached the API after it started (see
 * {@link RateSpacer.waitMs}): beyond it, a slow response is taken to be the
 * API's slowness rather than the request's delay, which would otherwise cost
 * rate on an API whose latency varies.
 */
export const MAX_LATE_ARRIVAL_MS = 100;

/** One start of the window, and when it came back. */
interface Start {
  readonly at: number;
  /** Milliseconds from the start to its end (response read, or failure); undefined while in flight. */
  roundTripMs?: number;
}

/** A start recorded by {@link RateSpacer.started}: say when it is over. */
export interface RateStart {
  /** The request is over at `now`; `served` when the API answered it with a status below 400. */
  completed(now: number, served: boolean): void;
}

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
  private readonly recent: Start[] = [];
  /** The fastest round trip of a request the API served; Infinity before the first. */
  private fastestMs = Number.POSITIVE_INFINITY;

  constructor(limit: RateLimitModel) {
    const n = limit.requestsPerSecond;
    this.intervalMs = 1000 / n;
    this.burst = limit.burst;
    this.toleranceMs = (limit.burst - 1) * this.intervalMs;
    // A fractional rate allows whole requests only: 2.5/s is 2 in any second; 0.5/s is 1 in any 2 s.
    this.windowStarts = Math.max(1, Math.floor(n));
    this.windowMs = Math.max(1000, (this.windowStarts * 1000) / n) + JITTER_ALLOWANCE_MS;
  }

  /**
   * Milliseconds until a request may start at `now` (0: it may start now).
   *
   * The API counts arrivals, not starts, and a request can reach it well
   * after it started: the first of a process goes through cold code and opens
   * the connection (15 ms and more on loopback), a later one may wait for a
   * busy event loop. Counted at its start, such a request leaves its window
   * early, and the request n later arrives within one of the API's seconds of
   * it. So the window's oldest start counts as arriving late by as much as its
   * round trip was slower than the fastest served one (what it spent on the
   * way that the fastest did not), at most {@link MAX_LATE_ARRIVAL_MS}; one
   * still in flight, by as much as it already is.
   */
  waitMs(now: number): number {
    let wait = this.theoretical - this.toleranceMs - now;
    if (this.burst === 1 && this.recent.length === this.windowStarts) {
      const oldest = this.recent[0];
      wait = Math.max(wait, oldest.at + this.lateness(oldest, now) + this.windowMs - now);
    }
    return Math.max(0, wait);
  }

  /** Records a start at `now`, which must have had {@link waitMs} 0. */
  started(now: number): RateStart {
    if (this.theoretical === Number.NEGATIVE_INFINITY) this.theoretical = now;
    const start: Start = { at: now };
    const handle: RateStart = {
      completed: (end, served) => {
        if (start.roundTripMs !== undefined) return;
        start.roundTripMs = Math.max(0, end - start.at);
        if (served) this.fastestMs = Math.min(this.fastestMs, start.roundTripMs);
      },
    };
    if (this.burst > 1) {
      this.theoretical = Math.max(this.theoretical, now) + this.intervalMs;
      return handle;
    }
    // A start that came a little late (a timer fires late, the event loop was busy)
    // keeps its slot in the schedule instead of pushing every later one back, so the
    // lateness does not add up to a lower rate; up to half an interval is caught up,
    // so two starts are never closer than that. The window check on actual starts
    // keeps the rule whatever the schedule allows.
    this.theoretical = Math.max(this.theoretical, now - this.intervalMs / 2) + this.intervalMs;
    this.recent.push(start);
    if (this.recent.length > this.windowStarts) this.recent.shift();
    return handle;
  }

  /** How late `start` may have reached the API, estimated at `now` (see {@link waitMs}). */
  private lateness(start: Start, now: number): number {
    // Nothing served yet: no round trip to compare with.
    if (this.fastestMs === Number.POSITIVE_INFINITY) return MAX_LATE_ARRIVAL_MS;
    const took = start.roundTripMs ?? now - start.at;
    return Math.min(MAX_LATE_ARRIVAL_MS, Math.max(0, took - this.fastestMs));
  }
}
