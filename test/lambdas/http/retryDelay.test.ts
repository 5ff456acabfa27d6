import { backoffMs, retryAfterMs, retryDelay } from '../../../lambdas/http/retryDelay';

const now = Date.parse('2026-01-01T00:00:00Z');
const options = { maxDelayMs: 10_000, now: () => now, random: () => 0.5 };

describe('retryDelay', () => {
  it('reads Retry-After in seconds and as an HTTP date', () => {
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(new Date(now + 5000).toUTCString(), now)).toBe(5000);
  });

  it('ignores Retry-After 0, a past date and garbage (use the backoff)', () => {
    expect(retryAfterMs('0', now)).toBeUndefined();
    expect(retryAfterMs(new Date(now - 5000).toUTCString(), now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryDelay(1, '0', options)).toBe(backoffMs(1, options));
  });

  it('caps Retry-After at the maximum delay', () => {
    expect(retryDelay(1, '3600', options)).toBe(10_000);
  });

  it('backs off exponentially with jitter between half and the full step, capped', () => {
    expect(backoffMs(1, { maxDelayMs: 1e9, random: () => 0 })).toBe(500);
    expect(backoffMs(1, { maxDelayMs: 1e9, random: () => 0.999999 })).toBe(1000);
    expect(backoffMs(3, { maxDelayMs: 1e9, random: () => 0 })).toBe(2000);
    expect(backoffMs(20, { maxDelayMs: 10_000, random: () => 0.999999 })).toBe(10_000);
  });
});
