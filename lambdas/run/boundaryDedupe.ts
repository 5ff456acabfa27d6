/**
 * The identity of a record at the incremental boundary (CONTRACT, "Incremental
 * boundary"): its `primary_key` values when declared, else the SHA-256 of the
 * record's JSON as the API returned it. A committed run stores the keys of the
 * records whose cursor equals its last value; the next run, which asks the API
 * from that same value, drops those records instead of writing them twice.
 */
import { createHash } from 'node:crypto';
import type { ResourceModel } from '../model';

/**
 * Whether a run drops the records at the committed boundary that the previous
 * run wrote. Only where the previous run's copy stays in the committed view:
 * - `replace` shows the latest run alone, so a record dropped as already
 *   written would be missing from the view (the previous run's copy is no
 *   longer shown); its boundary records are written again.
 * - `merge` with a `merge_key`: a run replaces every earlier record of each
 *   `merge_key` value it holds, so a boundary record it dropped would be
 *   deleted from the view with nothing to replace it; written again too, and
 *   `merge` keeps one version per primary key anyway.
 */
export function dropsBoundaryRecords(resource: Pick<ResourceModel, 'writeDisposition' | 'mergeKey'>): boolean {
  if (resource.writeDisposition === 'replace') return false;
  return !(resource.writeDisposition === 'merge' && resource.mergeKey !== undefined && resource.mergeKey.length > 0);
}

/** The boundary key of a record. */
export function recordKey(record: unknown, primaryKey: readonly string[] | undefined): string {
  if (primaryKey && primaryKey.length > 0 && record !== null && typeof record === 'object') {
    const values = primaryKey.map((field) => (record as Record<string, unknown>)[field]);
    if (values.every((v) => v !== undefined)) return JSON.stringify(values.length === 1 ? values[0] : values);
  }
  return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}
