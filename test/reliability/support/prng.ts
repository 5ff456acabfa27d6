/**
 * A small seeded PRNG (mulberry32) for the randomized reliability tests: the
 * same seed replays the same fault timings. The seed comes from
 * `SLUICE_TEST_SEED` when set, so a failing run can be replayed.
 */

/** A generator of numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: 32-bit state, good enough spread for fault timing. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `SLUICE_TEST_SEED` when set (an integer), else a fresh seed. */
export function testSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.SLUICE_TEST_SEED;
  if (given !== undefined && given.trim() !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`SLUICE_TEST_SEED must be an integer, got "${given}"`);
    return seed >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}
