/**
 * What sluice writes into Glue for a resource's table and its partitions, and
 * for the table over a source's commits.
 *
 * The OpenX JSON SerDe, because it reads what the engine writes as it is: keys
 * matched case-insensitively, any value read as its JSON text in a `string`
 * column (mixed types widened to string stay readable), `mapping.*` for keys
 * that are not column names, and a malformed line fails the query instead of
 * turning into nulls. Gzip needs no setting: the text input format
 * decompresses `.gz` files by their name. Every partition has an explicit
 * location, since a run's folder is `dt=<day>/<run_id>/`, not `run_id=<id>/`.
 */
import type { FieldType } from './FieldType';
import type { GlueColumn } from './glueColumns';
import { PARTITION_KEYS } from './glueColumns';

/** The table parameter holding the widened schema the columns were rendered from (JSON). */
export const SCHEMA_PARAMETER = 'sluice_schema';
/**
 * The table parameter holding the highest `seq` up to which every committed run
 * that wrote the table has its partition; registration reads only the commits
 * after it. Moved after the partitions are created, never before.
 */
export const REGISTERED_SEQ_PARAMETER = 'sluice_registered_seq';
/** The table parameter naming the latest registered run that wrote the table (the `replace` view's run). */
export const LATEST_RUN_PARAMETER = 'sluice_latest_run_id';
/** The table parameter naming the source that owns the table: a table without it is not changed. */
export const SOURCE_PARAMETER = 'sluice_source';

const SERDE = 'org.openx.data.jsonserde.JsonSerDe';

/** A Glue column as the API takes it. */
export interface ColumnInput {
  Name: string;
  Type: string;
}

/** A table or partition storage descriptor as the API takes it (the fields sluice sets). */
export interface StorageInput {
  Columns: ColumnInput[];
  Location: string;
  InputFormat: string;
  OutputFormat: string;
  SerdeInfo: { SerializationLibrary: string; Parameters: Record<string, string> };
}

/** A TableInput as the API takes it (the fields sluice sets). */
export interface TableInputShape {
  Name: string;
  TableType: string;
  Description?: string;
  Parameters: Record<string, string>;
  PartitionKeys?: ColumnInput[];
  StorageDescriptor: StorageInput;
  ViewOriginalText?: string;
  ViewExpandedText?: string;
}

/** What a data table is built from. */
export interface DataTableSpec {
  readonly name: string;
  readonly source: string;
  readonly resource: string;
  /** `s3://bucket/<root><table_name>/` */
  readonly location: string;
  readonly columns: readonly GlueColumn[];
  readonly mappings: Readonly<Record<string, string>>;
  readonly schema: FieldType;
}

/** The storage of a data table or one of its partitions. */
export function jsonStorage(location: string, columns: readonly GlueColumn[], mappings: Readonly<Record<string, string>>): StorageInput {
  return {
    Columns: columns.map((c) => ({ Name: c.name, Type: c.hive })),
    Location: location,
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    SerdeInfo: { SerializationLibrary: SERDE, Parameters: { 'case.insensitive': 'TRUE', 'ignore.malformed.json': 'FALSE', ...mappings } },
  };
}

/** The TableInput of a resource's table, partitioned by `dt` and `run_id`. */
export function dataTableInput(spec: DataTableSpec): TableInputShape {
  return {
    Name: spec.name,
    TableType: 'EXTERNAL_TABLE',
    Description: `sluice: resource ${spec.resource} of source ${spec.source}; one partition per committed run (query ${spec.name}_current for the write disposition applied)`,
    Parameters: { EXTERNAL: 'TRUE', classification: 'json', compressionType: 'gzip', [SOURCE_PARAMETER]: spec.source, [SCHEMA_PARAMETER]: JSON.stringify(spec.schema) },
    PartitionKeys: PARTITION_KEYS.map((k) => ({ Name: k, Type: 'string' })),
    StorageDescriptor: jsonStorage(spec.location, spec.columns, spec.mappings),
  };
}

/** A run's partition of a table: values `[dt, run_id]`, located at the run's folder. */
export function partitionInput(table: DataTableSpec, dt: string, runId: string): { Values: string[]; StorageDescriptor: StorageInput } {
  return { Values: [dt, runId], StorageDescriptor: jsonStorage(`${table.location}dt=${dt}/${runId}/`, table.columns, table.mappings) };
}

/**
 * The table over `_commits/`: one row per committed run (every object there is
 * a succeeded manifest), read by the `merge` views for each run's `seq`.
 */
export function commitsTableInput(name: string, source: string, location: string): TableInputShape {
  const columns: GlueColumn[] = [
    { name: 'run_id', hive: 'string', presto: 'varchar' },
    { name: 'seq', hive: 'bigint', presto: 'bigint' },
    { name: 'trigger', hive: 'string', presto: 'varchar' },
    { name: 'started_at', hive: 'string', presto: 'varchar' },
    { name: 'finished_at', hive: 'string', presto: 'varchar' },
  ];
  return {
    Name: name,
    TableType: 'EXTERNAL_TABLE',
    Description: `sluice: the committed runs of source ${source}, one row per commit`,
    Parameters: { EXTERNAL: 'TRUE', classification: 'json', [SOURCE_PARAMETER]: source },
    StorageDescriptor: jsonStorage(location, columns, {}),
  };
}
