/**
 * dlt resource hints that only a destination with a schema can act on. A
 * source may carry them (a dlt config moves over unchanged), and `validate`
 * says, once per key, what sluice does with each: raw JSON Lines in S3 have no
 * columns, no nested tables and no table format. `validate --strict` makes
 * them errors. `merge_key` on a resource that does not `merge` is said the
 * same way: dlt ignores it there, and so does the committed view. So is
 * `replace` over an incremental cursor, which dlt accepts and which holds less
 * than its name suggests.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import type { SourceModel } from '../model';

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

/** What `merge_key` does outside `write_disposition: merge`. */
const MERGE_KEY_WITHOUT_MERGE = 'merge_key applies only to write_disposition "merge" (as in dlt): it is recorded in the manifest and changes nothing';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The disposition a resource block declares (a string or dlt's `{"disposition": …}`), undefined when none. */
function dispositionOf(block: Record<string, unknown>): unknown {
  const declared = block.write_disposition;
  return isObject(declared) ? declared.disposition : declared;
}

/** One issue per destination-only hint in the definition, and per `merge_key` without `merge`, naming what sluice does with it. */
export function destinationHintIssues(definition: unknown): ConfigIssue[] {
  if (!isObject(definition)) return [];
  const out: ConfigIssue[] = [];
  const defaults = isObject(definition.resource_defaults) ? definition.resource_defaults : {};
  const check = (block: unknown, at: string): void => {
    if (!isObject(block)) return;
    for (const [key, message] of Object.entries(DESTINATION_HINTS)) {
      if (block[key] !== undefined) out.push({ path: `${at}.${key}`, message: `accepted from dlt, no effect here: ${message}` });
    }
  };
  check(definition.resource_defaults, 'resource_defaults');
  if (Array.isArray(definition.resources)) {
    definition.resources.forEach((r, i) => {
      check(r, `resources[${i}]`);
      // A merge_key from resource_defaults is named where it takes (or lacks) effect: on the resource.
      if (!isObject(r) || (r.merge_key ?? defaults.merge_key) === undefined) return;
      if ((dispositionOf(r) ?? dispositionOf(defaults) ?? 'append') !== 'merge') {
        out.push({ path: `resources[${i}].merge_key`, message: `accepted from dlt, no effect here: ${MERGE_KEY_WITHOUT_MERGE}` });
      }
    });
  }
  return out;
}

/** What `replace` over a cursor that moves holds. */
export const REPLACE_INCREMENTAL =
  'with write_disposition "replace", each run replaces the table with only what it read since the committed cursor (the records at the cursor included): every earlier record leaves the committed view. ' +
  'To keep every record, use "merge" with a primary_key, or "append"; for the same window every run, set end_value';

/**
 * One warning per `replace` resource whose incremental cursor moves (no
 * `end_value`), at its `incremental`: dlt accepts the pair, and the committed
 * view then holds only the latest run's window, not the table the API holds.
 */
export function replaceIncrementalIssues(source: Pick<SourceModel, 'resources'>): ConfigIssue[] {
  return source.resources.flatMap((r) => {
    const incremental = r.endpoint.incremental;
    if (r.writeDisposition !== 'replace' || !incremental || incremental.endValue !== undefined) return [];
    return [{ path: incremental.at, message: REPLACE_INCREMENTAL }];
  });
}
