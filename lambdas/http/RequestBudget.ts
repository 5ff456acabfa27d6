/**
 * The request budget of one run of a source, shared by every request that
 * leaves the process (pages, pages fetched ahead, redirects, retries, token,
 * refresh and login requests), whichever chain or resource sends it:
 * - `client.concurrency`: requests in flight at once for the whole source;
 * - `client.rate_limit`: starts spaced to a rate ({@link RateSpacer});
 * - a 429 or a `Retry-After` pauses the whole source until that time, not only
 *   the chain that got it: the API speaks of the client, not of one chain;
 * - AIMD: repeated 429s halve the in-flight limit (never below 1), and it grows
 *   back by one per {@link GROWTH_SUCCESSES} successes, up to `client.concurrency`.
 *
 * The HTTP client takes a {@link BudgetPermit} before each attempt and gives it
 * back with the status once the body is read. A wait of known length (a pause,
 * a rate slot) is first offered to the caller's `checkWait`, which refuses one
 * that would cross the invocation's deadline, so the run continues in a new
 * invocation instead of being killed mid-wait.
 */
import type { RateLimitModel } from '../model';
import { abortableSleep } from './abortableSleep';
import { RateSpacer, type RateStart } from './RateSpacer';

/** Successes that add one request to a halved in-flight limit. */
export const GROWTH_SUCCESSES = 20;

/** Options of {@link RequestBudget}. */
export interface RequestBudgetOptions {
  /** `client.concurrency`: the in-flight limit, and the ceiling AIMD grows back to. */
  readonly concurrency: number;
  /** `client.rate_limit`; absent: no rate limit. */
  readonly rateLimit?: RateLimitModel;
  /** Clock, epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Waits `ms` or rejects with the signal's reason. @default a timer that honours the signal */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Why a request waits for a known time before it starts. */
export type BudgetWait = 'source-wide pause' | 'rate-limit wait';

/** What {@link RequestBudget.acquire} needs of the caller. */
export interface AcquireOptions {
  /** The request's signal: an abort ends the wait with its reason. */
  readonly signal?: AbortSignal;
  /** Called before a wait of known length; throws to refuse it (a wait past the deadline). */
  readonly checkWait?: (ms: number, why: BudgetWait) => void;
  /** Called when the request is about to start (every wait over); throws to refuse it (inside the safety margin). */
  readonly beforeStart?: () => void;
}

/** One request's place in the budget: give it back exactly once. */
export interface BudgetPermit {
  /** Ends the request: `status` is the response's (undefined after a network error or a timeout). */
  release(status?: number): void;
}

/** What the budget saw, for the run summary and the once-a-minute log. */
export interface BudgetStats {
  /** `client.concurrency`. */
  readonly concurrency: number;
  /** The in-flight limit now: `client.concurrency` unless repeated 429s lowered it. */
  readonly concurrency_limit: number;
  /** The lowest the in-flight limit went. */
  readonly lowest_concurrency_limit: number;
  /** Requests in flight now. */
  readonly in_flight: number;
  /** The most requests that were in flight at once. */
  readonly max_in_flight: number;
  /** Requests started: every attempt, redirect hop, token and login request. */
  readonly requests: number;
  /** 429 responses. */
  readonly throttled_429: number;
  /** Time the source spent paused by a 429 or a `Retry-After`. */
  readonly paused_ms: number;
  /** Requests per second since the budget was created. */
  readonly effective_rps: number;
  /** `client.rate_limit`, when set. */
  readonly rate_limit?: { readonly requests_per_second: number; readonly burst: number };
}

/** A request waiting for a place in flight. */
interface Waiter {
  readonly admit: () => void;
}

/** The budget of one run; see the file comment. */
export class RequestBudget {
  private readonly max: number;
  private readonly spacer: RateSpacer | undefined;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly createdAt: number;
  private readonly waiting: Waiter[] = [];
  private limit: number;
  private lowest: number;
  /** Places taken: requests in flight and those past the queue that wait for a pause or a rate slot. */
  private taken = 0;
  private inFlight = 0;
  private maxInFlight = 0;
  private started = 0;
  private throttled = 0;
  private successes = 0;
  private pausedUntil = 0;
  private pausedMs = 0;
  /** `started` when the 429 that opened the current throttling episode arrived; undefined before any 429. */
  private episodeStart: number | undefined;

  constructor(private readonly options: RequestBudgetOptions) {
    if (!(Number.isInteger(options.concurrency) && options.concurrency >= 1)) {
      // The model guarantees this; a hand-built budget that breaks it would deadlock or never limit.
      throw new RangeError(`RequestBudget: concurrency must be an integer >= 1, got ${options.concurrency}`);
    }
    this.max = options.concurrency;
    this.limit = options.concurrency;
    this.lowest = options.concurrency;
    this.spacer = options.rateLimit ? new RateSpacer(options.rateLimit) : undefined;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.createdAt = this.now();
  }

  /**
   * Waits for a place in flight, then for the end of a source-wide pause and
   * for a rate slot, and starts the request.
   * @throws the signal's reason on an abort; whatever `checkWait` throws
   */
  async acquire(options: AcquireOptions = {}): Promise<BudgetPermit> {
    await this.place(options.signal);
    let rateStart: RateStart | undefined;
    try {
      for (;;) {
        options.signal?.throwIfAborted();
        const now = this.now();
        // Checked again after every wait: a 429 may have paused the source meanwhile,
        // and a rate slot is taken only by the first of the waiters to wake.
        if (this.pausedUntil > now) {
          await this.wait(this.pausedUntil - now, 'source-wide pause', options);
          continue;
        }
        const rateWait = this.spacer?.waitMs(now) ?? 0;
        if (rateWait > 0) {
          await this.wait(rateWait, 'rate-limit wait', options);
          continue;
        }
        // The waits may have eaten the time left: the caller has the last word before it counts as sent.
        options.beforeStart?.();
        rateStart = this.spacer?.started(now);
        break;
      }
    } catch (error) {
      this.leave();
      throw error;
    }
    this.started++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const startedAs = this.started;
    let released = false;
    return {
      release: (status) => {
        if (released) return;
        released = true;
        this.inFlight--;
        rateStart?.completed(this.now(), status !== undefined && status < 400);
        if (status === 429) this.onThrottled(startedAs);
        else if (status !== undefined && status < 400) this.onSuccess();
        this.leave();
      },
    };
  }

  /**
   * Pauses every request of the source for `ms` from now (a 429's or a
   * `Retry-After`'s wait); a later end wins over an earlier one.
   */
  pause(ms: number): void {
    const now = this.now();
    const until = now + ms;
    if (until <= this.pausedUntil) return;
    // Only the part not already paused counts, so overlapping pauses are not added twice.
    this.pausedMs += until - Math.max(now, this.pausedUntil);
    this.pausedUntil = until;
  }

  /** What the budget saw so far. */
  stats(): BudgetStats {
    const elapsedS = (this.now() - this.createdAt) / 1000;
    return {
      concurrency: this.max,
      concurrency_limit: this.limit,
      lowest_concurrency_limit: this.lowest,
      in_flight: this.inFlight,
      max_in_flight: this.maxInFlight,
      requests: this.started,
      throttled_429: this.throttled,
      paused_ms: Math.round(this.pausedMs),
      effective_rps: elapsedS > 0 ? Math.round((this.started / elapsedS) * 100) / 100 : 0,
      ...(this.options.rateLimit ? { rate_limit: { requests_per_second: this.options.rateLimit.requestsPerSecond, burst: this.options.rateLimit.burst } } : {}),
    };
  }

  private async wait(ms: number, why: BudgetWait, options: AcquireOptions): Promise<void> {
    options.checkWait?.(ms, why);
    await this.sleep(ms, options.signal);
  }

  /** Takes a place in flight, in arrival order. */
  private place(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (this.taken < this.limit && this.waiting.length === 0) {
      this.taken++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Gives a place back and admits the next waiters the limit allows. */
  private leave(): void {
    this.taken--;
    this.admit();
  }

  private admit(): void {
    while (this.taken < this.limit && this.waiting.length > 0) {
      this.taken++;
      (this.waiting.shift() as Waiter).admit();
    }
  }

  /**
   * A 429 to a request sent after the previous 429 arrived says that the pause
   * was not enough: the limit halves. 429s to requests already in flight then
   * were sent under the old conditions and belong to the same episode, so one
   * burst of 429s halves the limit once, not down to 1.
   */
  private onThrottled(startedAs: number): void {
    this.throttled++;
    this.successes = 0;
    if (this.episodeStart !== undefined && startedAs <= this.episodeStart) return;
    if (this.episodeStart !== undefined) {
      this.limit = Math.max(1, Math.floor(this.limit / 2));
      this.lowest = Math.min(this.lowest, this.limit);
    }
    this.episodeStart = this.started;
  }

  private onSuccess(): void {
    if (this.limit >= this.max) return;
    if (++this.successes < GROWTH_SUCCESSES) return;
    this.successes = 0;
    this.limit++;
    this.admit();
  }
}
