/**
 * dlt resource hints that only a destination with a schema can act on. A
 * source may carry them (a dlt config moves over unchanged), and `validate`
 * says, once per key, what sluice does with each: raw JSON Lines in S3 have no
 * columns, no nested tables and no table format. `validate --strict` makes
 * them errors. `merge_key` is said the same way: recorded, but not applied as
 * dlt applies it.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';

/** dlt's destination-only resource hints. */
export type DestinationHint =
  | 'columns'
  | 'max_table_nesting'
  | 'schema_contract'
  | 'file_format'
  | 'table_format'
  | 'nested_hints'
  | 'references'
  | 'parent_table_name';

/** Each destination-only hint and what sluice does with it. */
export const DESTINATION_HINTS: Readonly<Record<DestinationHint, string>> = Object.freeze({
  columns: 'column hints are not applied: records are written to JSON Lines exactly as the API returned them',
  max_table_nesting: 'nested objects and lists stay inside each record: JSON Lines have no child tables to unnest into',
  schema_contract: 'no schema contract is enforced: every record is written whatever its shape',
  file_format: 'the output is always gzip JSON Lines (jsonl.gz)',
  table_format: 'the output is plain files under the resource folder, not a Delta or Iceberg table',
  nested_hints: 'no nested tables are created, so there is nothing for nested hints to apply to',
  references: 'no table references are recorded: the manifest lists files, not relations',
  parent_table_name: 'there are no tables to parent: each resource is its own folder of files',
});

/**
 * dlt hints that sluice takes and records but applies with a narrower meaning,
 * said at validate like the destination-only ones so that no difference is silent.
 */
export const NARROWED_HINTS: Readonly<Record<'merge_key', string>> = Object.freeze({
  merge_key:
    "recorded in the manifest, but the committed view merges by primary_key alone: dlt's delete-insert by merge_key " +
    '(dropping the earlier records of every merge_key value the new load holds) is not applied',
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One issue per destination-only or narrowed hint in the definition, naming what sluice does with it. */
export function destinationHintIssues(definition: unknown): ConfigIssue[] {
  if (!isObject(definition)) return [];
  const out: ConfigIssue[] = [];
  const check = (block: unknown, at: string): void => {
    if (!isObject(block)) return;
    for (const [key, message] of Object.entries(DESTINATION_HINTS)) {
      if (block[key] !== undefined) out.push({ path: `${at}.${key}`, message: `accepted from dlt, no effect here: ${message}` });
    }
    for (const [key, message] of Object.entries(NARROWED_HINTS)) {
      if (block[key] !== undefined) out.push({ path: `${at}.${key}`, message: `accepted from dlt, applied differently: ${message}` });
    }
  };
  check(definition.resource_defaults, 'resource_defaults');
  if (Array.isArray(definition.resources)) definition.resources.forEach((r, i) => check(r, `resources[${i}]`));
  return out;
}
