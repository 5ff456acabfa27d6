/**
 * The flags several commands share, each with the help text `sluice help <cmd>`
 * prints: what it does, the form of its value and its default. One definition
 * per flag, so a flag means the same wherever it appears.
 */
import type { FlagDef } from './args';

/** `--out DIR` */
export const OUT: FlagDef = {
  type: 'string',
  short: 'o',
  value: 'DIR',
  default: './data',
  description: 'A local folder holding the S3 layout (<source>/<resource>/dt=…/<run_id>/part-NNNNN.jsonl.gz, _manifests/, _state/).',
};

/** `--bucket B` */
export const BUCKET: FlagDef = {
  type: 'string',
  value: 'B',
  description: 'An S3 bucket instead of --out, through the standard AWS environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL).',
};

/** `--prefix P` */
export const PREFIX: FlagDef = { type: 'string', value: 'P', default: 'none (keys start at <source>/)', description: 'Key prefix inside the folder or bucket.' };

/** `--resources a,b` */
export const RESOURCES: FlagDef = {
  type: 'string',
  value: 'a,b',
  default: 'every resource',
  description: 'Only these resources, comma-separated; parents they need are fetched but not written.',
};

/** `--max-pages N` */
export const MAX_PAGES: FlagDef = {
  type: 'string',
  value: 'N',
  default: 'no limit',
  description: 'At most N pages (a positive whole number) per request chain; reaching it is success and marks the resource truncated.',
};

/** `--from X` */
export const FROM: FlagDef = {
  type: 'string',
  value: 'X',
  description:
    "Backfill start (inclusive) of the incremental cursor, of the cursor's type: a number (42) or an ISO 8601 date or date-time (2026-01-31, 2026-01-31T00:00:00Z). A backfill never moves the stored state.",
};

/** `--to Y` */
export const TO: FlagDef = {
  type: 'string',
  value: 'Y',
  description: 'Backfill end, exclusive, of the same type as --from; --from must be before --to.',
};

/** `--secrets-file F` */
export const SECRETS_FILE: FlagDef = {
  type: 'string',
  value: 'F',
  default: 'SSM Parameter Store',
  description: 'A JSON object mapping each secret reference (SSM path or secret name) to its value; SSM is then not consulted.',
};

/** `--dry-run` */
export const DRY_RUN: FlagDef = { type: 'boolean', description: 'Fetch and count, write nothing.' };

/** `--limit N` with the given default. */
export function limitFlag(what: string, fallback: string): FlagDef {
  return { type: 'string', value: 'N', default: fallback, description: `Only the N latest ${what} (a positive whole number).` };
}

/** `--json`: what the one JSON object on stdout holds. */
export function jsonFlag(holds: string): FlagDef {
  return { type: 'boolean', description: `Print only one JSON object on stdout: ${holds}.` };
}

/** `--sources DIR` */
export const SOURCES: FlagDef = { type: 'string', value: 'DIR', default: 'sources (or SLUICE_SOURCES_DIR)', description: 'Where sources are looked up.' };
