/**
 * The records a truncated run committed above the state it kept. A run that
 * `max_pages` cuts short keeps its previous incremental state (the pages not
 * read may hold older values), so the next run asks the API for the same
 * window again and is served, once more, the records the truncated run wrote.
 * In `append` the committed view would hold them twice. The truncated run
 * therefore commits, with the state it kept, `ahead_keys`: a compact identity
 * of each record it wrote above that state; the next run drops a record whose
 * identity is there (it is in the committed view already), and a run that reads
 * its whole window clears them.
 *
 * The identity is the boundary key (`primary_key`, else the hash of the whole
 * record, see boundaryDedupe.ts) together with the cursor value read as its
 * type: a new version of a record moves its cursor, so it is never mistaken for
 * the version already committed.
 */
import { createHash } from 'node:crypto';

/**
 * The most ahead keys one resource's state may hold (all its request chains
 * together). A resource cut short in run after run never reads its whole window
 * and its set only grows; past this, a run fails instead of committing a
 * manifest that every later run must read (16 characters a key: about 200 KB).
 */
export const MAX_AHEAD_KEYS = 10_000;

/**
 * The ahead key of a record: 96 bits of SHA-256, as base64url (16 characters).
 * @param key the record's boundary key ({@link recordKey})
 * @param point its cursor value as the cursor compares it ({@link IncrementalCursor.pointOf})
 */
export function aheadKey(key: string, point: string): string {
  return createHash('sha256').update(point).update('\u0000').update(key).digest('base64url').slice(0, 16);
}
