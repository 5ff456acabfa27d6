/**
 * The resolved secrets of one source: what the auth strategies and headers read
 * at run time, and what is written back when a refresh token rotates.
 */
import type { SecretRef } from './SecretRef';

/** Resolved secret values, by reference. */
export interface SecretValues {
  /** The value of a reference; throws when it was not resolved. */
  get(ref: SecretRef): string;
  /** The SSM parameter path a reference points to. */
  pathOf(ref: SecretRef): string;
  /**
   * Writes a new value (a rotated refresh token) back to where the reference
   * points, durably, before it is used; updates the cache and the redactor.
   */
  put(ref: SecretRef, value: string): Promise<void>;
}
