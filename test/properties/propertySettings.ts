/**
 * How the property tests run: a fixed seed by default, so `npm test` is
 * deterministic, and `SLUICE_TEST_SEED=<n>` to explore (or to replay the seed
 * fast-check prints with a failure). The run count is bounded on purpose:
 * these tests belong in every `npm test`.
 */
import type { Parameters as FcParameters } from 'fast-check';

/** The seed used when `SLUICE_TEST_SEED` is not set. */
export const DEFAULT_SEED = 20261129;

/** The seed of this run: `SLUICE_TEST_SEED`, else {@link DEFAULT_SEED}. */
export function propertySeed(): number {
  const raw = process.env.SLUICE_TEST_SEED;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`SLUICE_TEST_SEED must be an integer, got "${raw}"`);
  return seed;
}

/** fast-check parameters: the seed above and `numRuns` runs (its failure report prints seed and path). */
export function propertyParameters<T>(numRuns: number): FcParameters<T> {
  return { seed: propertySeed(), numRuns, endOnFailure: false };
}
