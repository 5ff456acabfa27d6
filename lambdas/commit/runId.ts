/**
 * Run ids: `YYYYMMDDTHHMMSSZ-<8 hex>`. They sort by start second, which keeps
 * listings readable, but two runs can share a second: ordering between runs is
 * the manifest's `seq`, never the id.
 */
import { randomBytes } from 'node:crypto';

/** Matches a run id; group 1 is its start second (`YYYYMMDDTHHMMSSZ`). */
export const RUN_ID_PATTERN = /^(\d{8}T\d{6}Z)-[0-9a-f]{8}$/;

/**
 * A new run id for a run started at `now` (UTC).
 * @example newRunId(new Date('2026-11-29T02:00:07.123Z')) // '20261129T020007Z-9f86d081'
 */
export function newRunId(now: Date): string {
  const second = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `${second}-${randomBytes(4).toString('hex')}`;
}

/** The start second of a run id (`YYYYMMDDTHHMMSSZ`), or undefined when `runId` is not one. */
export function runIdSecond(runId: string): string | undefined {
  return RUN_ID_PATTERN.exec(runId)?.[1];
}
