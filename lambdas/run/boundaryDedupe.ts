/**
 * The identity of a record at the incremental boundary (CONTRACT, "Incremental
 * boundary"): its `primary_key` values when declared, else the SHA-256 of the
 * record's JSON as the API returned it. A committed run stores the keys of the
 * records whose cursor equals its last value; the next run, which asks the API
 * from that same value, drops those records instead of writing them twice.
 */
import { createHash } from 'node:crypto';

/** The boundary key of a record. */
export function recordKey(record: unknown, primaryKey: readonly string[] | undefined): string {
  if (primaryKey && primaryKey.length > 0 && record !== null && typeof record === 'object') {
    const values = primaryKey.map((field) => (record as Record<string, unknown>)[field]);
    if (values.every((v) => v !== undefined)) return JSON.stringify(values.length === 1 ? values[0] : values);
  }
  return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}
