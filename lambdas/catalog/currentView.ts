/**
 * The `<table>_current` view of a resource: its committed view with the write
 * disposition applied, the same three rules as `lambdas/commit/readCommittedView.ts`
 * (`sluice query`) and the README's hand-written views:
 *
 * - `append`: every row of the table (only committed runs have partitions);
 * - `replace`: the rows of the latest committed run that wrote the resource,
 *   named in the view and rewritten at each registration (a run that wrote
 *   no record leaves the view empty, as it should);
 * - `merge`: per primary key, the row of the highest `seq` (from the commits
 *   table), and within a run the last one written: the part files' order, since
 *   no part holds one key twice (the writer starts a new part on a repeated key)
 *   and part names are zero-padded (`part-00000`), so text order is write order;
 *   with a `merge_key`, dlt's delete-insert as well: a row counts only if no
 *   later run holds its `merge_key` value (a NULL value matches nothing).
 *
 * Stored as an Athena view: a `VIRTUAL_VIEW` whose original text is the
 * Presto view definition, base64 JSON inside a comment, as Athena itself writes it.
 */
import type { WriteDisposition } from '../model';
import type { GlueColumn } from './glueColumns';
import { PARTITION_KEYS } from './glueColumns';
import { glueName } from './glueNames';
import type { TableInputShape } from './tableInputs';
import { SOURCE_PARAMETER } from './tableInputs';

/** What a view is built from. */
export interface ViewSpec {
  readonly database: string;
  readonly source: string;
  readonly view: string;
  readonly table: string;
  readonly commitsTable: string;
  readonly writeDisposition: WriteDisposition;
  /** `merge`: the fields that identify a record. */
  readonly primaryKey?: readonly string[];
  /** `merge`: dlt's `merge_key`; a later run holding a value replaces every earlier row of it. */
  readonly mergeKey?: readonly string[];
  /** `replace`: the latest committed run that wrote the resource. */
  readonly latestRunId?: string;
  readonly columns: readonly GlueColumn[];
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The view's SQL (Presto/Trino, as Athena runs it). */
export function currentViewSql(spec: ViewSpec): string {
  const table = `${quote(spec.database)}.${quote(spec.table)}`;
  const names = [...spec.columns.map((c) => c.name), ...PARTITION_KEYS];
  const list = (alias: string): string => names.map((n) => `${alias}.${quote(n)}`).join(', ');
  switch (spec.writeDisposition) {
    case 'append':
      return `SELECT ${list('t')} FROM ${table} t`;
    case 'replace':
      return `SELECT ${list('t')} FROM ${table} t WHERE t."run_id" = ${literal(spec.latestRunId ?? '')}`;
    case 'merge': {
      const keys = (spec.primaryKey ?? []).map((k) => `t.${quote(glueName(k))}`).join(', ');
      const commits = `${quote(spec.database)}.${quote(spec.commitsTable)}`;
      const mergeKey = (spec.mergeKey ?? []).map((k) => `t.${quote(glueName(k))}`);
      // delete-insert: the highest seq that holds the row's merge_key value; a row of an earlier seq was deleted by it.
      const keySeq = mergeKey.length > 0 ? `, c."seq" AS sluice_seq, max(c."seq") OVER (PARTITION BY ${mergeKey.join(', ')}) AS sluice_key_seq` : '';
      const keyKept =
        mergeKey.length > 0 ? ` AND (${mergeKey.map((k) => `v.${k.slice(2)} IS NULL`).join(' OR ')} OR v.sluice_seq = v.sluice_key_seq)` : '';
      return (
        `SELECT ${list('v')} FROM (SELECT t.*, row_number() OVER (PARTITION BY ${keys} ORDER BY c."seq" DESC, t."$path" DESC) AS sluice_rank${keySeq} ` +
        `FROM ${table} t JOIN ${commits} c ON c."run_id" = t."run_id") v WHERE v.sluice_rank = 1${keyKept}`
      );
    }
  }
}

/** The Presto view definition Athena stores in `ViewOriginalText`. */
export function prestoViewText(spec: ViewSpec): string {
  const definition = {
    originalSql: currentViewSql(spec),
    catalog: 'awsdatacatalog',
    schema: spec.database,
    columns: [...spec.columns.map((c) => ({ name: c.name, type: c.presto })), ...PARTITION_KEYS.map((k) => ({ name: k, type: 'varchar' }))],
  };
  return `/* Presto View: ${Buffer.from(JSON.stringify(definition), 'utf8').toString('base64')} */`;
}

/** The view as a Glue TableInput. */
export function viewTableInput(spec: ViewSpec): TableInputShape {
  return {
    Name: spec.view,
    TableType: 'VIRTUAL_VIEW',
    Description: `sluice: ${spec.table} with write_disposition ${spec.writeDisposition} applied`,
    Parameters: { presto_view: 'true', comment: 'Presto View', [SOURCE_PARAMETER]: spec.source },
    StorageDescriptor: {
      Columns: [...spec.columns.map((c) => ({ Name: c.name, Type: c.hive })), ...PARTITION_KEYS.map((k) => ({ Name: k, Type: 'string' }))],
      Location: '',
      InputFormat: '',
      OutputFormat: '',
      SerdeInfo: { SerializationLibrary: '', Parameters: {} },
    },
    ViewOriginalText: prestoViewText(spec),
    ViewExpandedText: '/* Presto View */',
  };
}
