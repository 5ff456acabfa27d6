/**
 * The module-scope cache of access tokens. It outlives one invocation, and the
 * key holds what makes a token interchangeable (token URL, client id, scope,
 * audience, extra data; never a secret, and hashed), so every resource of a run
 * and every warm invocation share one token. Concurrent callers that find no
 * valid token wait on one in-flight request.
 */
import { createHash } from 'node:crypto';

/** A token and when to stop using it. */
export interface CachedToken {
  readonly accessToken: string;
  /** When a fresh token is fetched instead (ms since epoch): expiry minus the skew. */
  readonly refreshAt: number;
  /** When the token expires (ms since epoch). */
  readonly expiresAt: number;
}

/** The upper bound of the refresh skew. */
export const MAX_REFRESH_SKEW_SECONDS = 60;

const entries = new Map<string, CachedToken>();
const inflight = new Map<string, Promise<CachedToken>>();
let requests = 0;

/** How long before expiry a token is replaced: 60 s or a tenth of its lifetime, whichever is smaller. */
export function refreshSkewSeconds(lifetimeSeconds: number): number {
  return Math.min(MAX_REFRESH_SKEW_SECONDS, lifetimeSeconds / 10);
}

/** A cache entry for a token issued at `issuedAt` (ms) that lives `lifetimeSeconds`. */
export function cachedToken(accessToken: string, lifetimeSeconds: number, issuedAt: number): CachedToken {
  const expiresAt = issuedAt + lifetimeSeconds * 1000;
  return { accessToken, expiresAt, refreshAt: expiresAt - refreshSkewSeconds(lifetimeSeconds) * 1000 };
}

/** A cache key from the parts that make tokens interchangeable; hashed, so no part is kept in clear. */
export function tokenCacheKey(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * The cached token of `key` while `now` is before its refresh time; else the
 * token `fetch` obtains, requested once however many callers wait for it.
 */
export async function getToken(key: string, now: number, fetch: () => Promise<CachedToken>): Promise<CachedToken> {
  const entry = entries.get(key);
  if (entry && now < entry.refreshAt) return entry;
  const pending = inflight.get(key);
  if (pending) return pending;
  const request = (async () => {
    try {
      const token = await fetch();
      entries.set(key, token);
      return token;
    } finally {
      inflight.delete(key);
    }
  })();
  inflight.set(key, request);
  return request;
}

/**
 * Drops the cached token of `key` if it is still `rejected` (a concurrent
 * caller may already have replaced it). True when it was dropped.
 */
export function dropToken(key: string, rejected: string): boolean {
  if (entries.get(key)?.accessToken !== rejected) return false;
  entries.delete(key);
  return true;
}

/** Counts one token request (strategies call it once per request sent, retries not counted). */
export function countTokenRequest(): void {
  requests++;
}

/** Token requests made by this process since the last {@link clearTokenCache}. */
export function tokenRequestCount(): number {
  return requests;
}

/** Test-only: forgets every token (and resets the request counter). */
export function clearTokenCache(): void {
  entries.clear();
  inflight.clear();
  requests = 0;
}
