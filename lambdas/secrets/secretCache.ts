/**
 * The module-scope cache of resolved secret values, shaped like Powertools'
 * `ExpirableValue` map: it outlives one invocation, so a warm Lambda makes no
 * SSM call until the TTL runs out. Each reader passes its own max age, so
 * stores with different TTLs can share it.
 */

interface Entry {
  readonly value: string;
  /** When it was fetched (ms since epoch). */
  readonly storedAt: number;
}

const entries = new Map<string, Entry>();

/** The cached value of `key` when younger than `maxAgeMs`; a max age ≤ 0 disables the cache. */
export function cachedSecret(key: string, maxAgeMs: number, now: number): string | undefined {
  if (maxAgeMs <= 0) return undefined;
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (now - entry.storedAt >= maxAgeMs) {
    entries.delete(key);
    return undefined;
  }
  return entry.value;
}

/** Stores a freshly fetched (or written) value. */
export function cacheSecret(key: string, value: string, now: number): void {
  entries.set(key, { value, storedAt: now });
}

/** Test-only: forgets every cached value, so the next resolution reads the store. */
export function clearSecretCache(): void {
  entries.clear();
}
