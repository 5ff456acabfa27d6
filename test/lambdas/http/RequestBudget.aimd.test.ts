/**
 * The budget's rules step by step, on a clock of its own (the HTTP-level proofs
 * are in RequestBudget.test.ts): how 429s lower the in-flight limit and how
 * successes raise it again, the pause, and the rate spacer's arithmetic.
 */
import { GROWTH_SUCCESSES, RequestBudget } from '../../../lambdas/http/RequestBudget';
import { JITTER_ALLOWANCE_MS, MAX_LATE_ARRIVAL_MS, RateSpacer } from '../../../lambdas/http/RateSpacer';

function budget(concurrency: number): RequestBudget {
  let clock = 0;
  return new RequestBudget({ concurrency, now: () => clock, sleep: async (ms) => void (clock += ms) });
}

/** Starts a request and ends it at once with `status`. */
async function request(b: RequestBudget, status: number): Promise<void> {
  (await b.acquire()).release(status);
}

describe('RequestBudget', () => {
  describe('AIMD', () => {
    it('does not halve on the first 429: a pause may be all the API asked for', async () => {
      const b = budget(8);
      await request(b, 429);
      expect(b.stats().concurrency_limit).toBe(8);
    });

    it('halves the limit on a 429 to a request sent after the previous 429 arrived, down to 1 and no lower', async () => {
      const b = budget(8);
      await request(b, 429);
      const limits: number[] = [];
      for (let i = 0; i < 5; i++) {
        await request(b, 429);
        limits.push(b.stats().concurrency_limit);
      }
      expect(limits).toEqual([4, 2, 1, 1, 1]);
      expect(b.stats()).toMatchObject({ throttled_429: 6, lowest_concurrency_limit: 1 });
    });

    it('halves once for a burst of 429s to requests that were in flight together', async () => {
      const b = budget(8);
      await request(b, 429);
      // Eight sent together after the first 429; all eight come back 429.
      const permits = await Promise.all(Array.from({ length: 8 }, () => b.acquire()));
      for (const permit of permits) permit.release(429);
      expect(b.stats().concurrency_limit).toBe(4);
    });

    it(`grows back by one per ${GROWTH_SUCCESSES} successes, up to client.concurrency`, async () => {
      const b = budget(4);
      await request(b, 429);
      await request(b, 429);
      await request(b, 429);
      expect(b.stats().concurrency_limit).toBe(1);
      const limits: number[] = [];
      for (let i = 0; i < 5 * GROWTH_SUCCESSES; i++) {
        await request(b, 200);
        if ((i + 1) % GROWTH_SUCCESSES === 0) limits.push(b.stats().concurrency_limit);
      }
      expect(limits).toEqual([2, 3, 4, 4, 4]);
    });

    it('counts neither errors nor network failures as successes', async () => {
      const b = budget(4);
      await request(b, 429);
      await request(b, 429);
      for (let i = 0; i < 2 * GROWTH_SUCCESSES; i++) {
        await request(b, 500);
        (await b.acquire()).release();
      }
      expect(b.stats().concurrency_limit).toBe(2);
    });

    it('lets no new request start while more are in flight than a lowered limit', async () => {
      const b = budget(4);
      await request(b, 429);
      const held = await Promise.all(Array.from({ length: 4 }, () => b.acquire()));
      held[0].release(429); // sent after the first 429: the limit halves to 2, with 3 still in flight
      let started = false;
      const next = b.acquire().then((permit) => {
        started = true;
        return permit;
      });
      held[1].release(200);
      await Promise.resolve();
      expect(started).toBe(false);
      held[2].release(200);
      (await next).release(200);
      expect(started).toBe(true);
      held[3].release(200);
      expect(b.stats()).toMatchObject({ in_flight: 0, max_in_flight: 4, concurrency_limit: 2 });
    });
  });

  describe('pause', () => {
    it('counts overlapping pauses once and makes every later request wait for the latest end', async () => {
      let clock = 1000;
      const waits: number[] = [];
      const b = new RequestBudget({ concurrency: 2, now: () => clock, sleep: async (ms) => void (waits.push(ms), (clock += ms)) });
      b.pause(1000);
      b.pause(400);
      clock += 500;
      b.pause(1000);
      (await b.acquire()).release(200);
      expect(waits).toEqual([1000]);
      expect(clock).toBe(2500);
      expect(b.stats().paused_ms).toBe(1500);
    });

    it('offers each wait to checkWait first, and gives the place back when it refuses', async () => {
      const b = budget(1);
      b.pause(5000);
      const refusal = new Error('past the deadline');
      await expect(b.acquire({ checkWait: () => { throw refusal; } })).rejects.toBe(refusal);
      expect(b.stats()).toMatchObject({ in_flight: 0, requests: 0 });
      (await b.acquire()).release(200);
      expect(b.stats().requests).toBe(1);
    });

    it('ends a wait for a place when the request is aborted', async () => {
      const b = budget(1);
      const held = await b.acquire();
      const abort = new AbortController();
      const waiting = b.acquire({ signal: abort.signal });
      abort.abort(new Error('chain stopped'));
      await expect(waiting).rejects.toThrow('chain stopped');
      held.release(200);
      (await b.acquire()).release(200);
      expect(b.stats()).toMatchObject({ in_flight: 0, requests: 2 });
    });
  });

  it('refuses a concurrency it cannot honour', () => {
    expect(() => new RequestBudget({ concurrency: 0 })).toThrow(/concurrency must be an integer >= 1, got 0/);
  });
});

describe('RateSpacer', () => {
  it('spaces starts one interval apart from the first, never n at once', () => {
    const spacer = new RateSpacer({ requestsPerSecond: 20, burst: 1 });
    expect(spacer.waitMs(0)).toBe(0);
    spacer.started(0);
    expect(spacer.waitMs(0)).toBe(50);
    expect(spacer.waitMs(50)).toBe(0);
  });

  it('keeps a late start in its slot, so lateness does not add up to a lower rate', () => {
    const spacer = new RateSpacer({ requestsPerSecond: 20, burst: 1 });
    spacer.started(0);
    spacer.started(60);
    expect(spacer.waitMs(100)).toBe(0);
  });

  it('never lets one window of a second and the jitter allowance hold more than n starts', () => {
    const spacer = new RateSpacer({ requestsPerSecond: 20, burst: 1 });
    for (let i = 0; i < 20; i++) {
      expect(spacer.waitMs(i * 50)).toBe(0);
      spacer.started(i * 50).completed(i * 50 + 21, true);
    }
    // Due at 1000 by the schedule; the window from the first start ends at 1000 + the allowance.
    expect(spacer.waitMs(1000)).toBe(JITTER_ALLOWANCE_MS);
  });

  it('counts a start whose round trip was slower than the fastest as arriving late by the difference', () => {
    const spacer = new RateSpacer({ requestsPerSecond: 20, burst: 1 });
    // The first request took 36 ms (a cold connection), every later one 21 ms: it may have reached the API 15 ms late.
    spacer.started(0).completed(36, true);
    for (let i = 1; i < 20; i++) spacer.started(i * 50).completed(i * 50 + 21, true);
    expect(spacer.waitMs(1000)).toBe(15 + JITTER_ALLOWANCE_MS);
  });

  it('counts a start still in flight as late as it already is beyond the fastest round trip', () => {
    const spacer = new RateSpacer({ requestsPerSecond: 20, burst: 1 });
    spacer.started(0);
    for (let i = 1; i < 20; i++) spacer.started(i * 50).completed(i * 50 + 21, true);
    // At 1000 the first has been out 1000 ms, 979 more than the fastest: at most MAX_LATE_ARRIVAL_MS.
    expect(spacer.waitMs(1000)).toBe(MAX_LATE_ARRIVAL_MS + JITTER_ALLOWANCE_MS);
  });

  it('takes the fastest round trip from served requests only: a quick 429 says nothing of the way there', () => {
    const spacer = new RateSpacer({ requestsPerSecond: 20, burst: 1 });
    spacer.started(0).completed(1, false);
    for (let i = 1; i < 20; i++) spacer.started(i * 50).completed(i * 50 + 21, true);
    expect(spacer.waitMs(1000)).toBe(JITTER_ALLOWANCE_MS);
  });

  it('counts the oldest start as late by the most when nothing has been served yet', () => {
    const spacer = new RateSpacer({ requestsPerSecond: 20, burst: 1 });
    for (let i = 0; i < 20; i++) spacer.started(i * 50);
    expect(spacer.waitMs(1000)).toBe(MAX_LATE_ARRIVAL_MS + JITTER_ALLOWANCE_MS);
  });

  it('spaces a rate below one per second 1/n seconds apart', () => {
    const spacer = new RateSpacer({ requestsPerSecond: 0.5, burst: 1 });
    spacer.started(0).completed(30, true);
    expect(spacer.waitMs(1000)).toBe(1000 + JITTER_ALLOWANCE_MS);
  });

  it('lets a burst go at once, then the rate', () => {
    const spacer = new RateSpacer({ requestsPerSecond: 10, burst: 3 });
    for (let i = 0; i < 3; i++) {
      expect(spacer.waitMs(0)).toBe(0);
      spacer.started(0);
    }
    expect(spacer.waitMs(0)).toBeCloseTo(spacer.intervalMs);
  });
});
