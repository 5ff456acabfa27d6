/**
 * Keyset paging for the reference styles: a page is the records after an id, and
 * the opaque cursor encodes that id. Keyset (not offset) positions keep every
 * record served exactly once even when a test replaces the records mid-run.
 */
import { BadRequestError } from './http';
import type { FakeRecord } from './types';

/** An opaque cursor meaning "after this id". */
export function encodeCursor(afterId: number): string {
  return Buffer.from(`after:${afterId}`).toString('base64url');
}

/** The id a cursor points after; 0 (the start) when absent; a 400 when it is not one of ours. */
export function decodeCursor(cursor: string | undefined, name = 'cursor'): number {
  if (cursor === undefined) return 0;
  const match = /^after:(-?\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadRequestError(`${name} is not a cursor this API issued: "${cursor}"`);
  return Number(match[1]);
}

/** One keyset page. */
export interface KeysetPage {
  readonly data: FakeRecord[];
  /** Whether records follow this page. */
  readonly hasMore: boolean;
  /** The id of the last record of the page, for the next cursor; undefined for an empty page. */
  readonly lastId?: number;
}

/** Up to `limit` records with an id above `afterId`, from records sorted by id. */
export function pageAfter(records: readonly FakeRecord[], afterId: number, limit: number): KeysetPage {
  const start = records.findIndex((record) => record.id > afterId);
  if (start < 0) return { data: [], hasMore: false };
  const data = records.slice(start, start + limit);
  return { data, hasMore: start + limit < records.length, lastId: data[data.length - 1].id };
}
