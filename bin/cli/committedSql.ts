/**
 * SQL on the committed view with DuckDB, embedded: each resource becomes a
 * table named like its table (`table_name`, else the resource), holding the
 * records the engine's own reader yields with the write disposition applied.
 * Files come only from succeeded manifests and are read through the store (the
 * AWS SDK for a bucket), each checked against its sha256; nothing uncommitted
 * is read. DuckDB sees a temporary JSON Lines copy per table, deleted after.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CommittedTable } from '../../lambdas/commit/readCommittedView';
import { readCommittedView, readTableRecords } from '../../lambdas/commit/readCommittedView';
import type { ObjectStore } from '../../lambdas/sink/ObjectStore';

/** A query's answer: column names and rows as JSON values. */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<Record<string, unknown>>;
}

/** A table made available to SQL. */
export interface LoadedTable {
  readonly table: string;
  readonly resource: string;
  readonly writeDisposition: CommittedTable['writeDisposition'];
  readonly records: number;
}

/** `"name"` with embedded quotes doubled: table names may hold `-`. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Runs `sql` over the committed view of `source` in `store`.
 * @returns the answer and the tables that were loaded
 * @throws StorageError when a committed file is missing or differs from its manifest entry; DuckDB's error for bad SQL
 */
export async function queryCommittedView(store: ObjectStore, prefix: string, source: string, sql: string): Promise<{ result: QueryResult; tables: LoadedTable[] }> {
  const view = await readCommittedView(store, prefix, source);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = await mkdtemp(join(tmpdir(), 'sluice-query-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const tables: LoadedTable[] = [];
    for (const [i, table] of view.tables.entries()) tables.push(await loadTable(connection, store, table, join(dir, `${i}.jsonl`)));
    const reader = await connection.runAndReadAll(sql);
    return { result: { columns: reader.columnNames(), rows: reader.getRowObjectsJS().map((row) => jsonValue(row) as Record<string, unknown>) }, tables };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the table's records to `file` and creates the DuckDB table over it. */
async function loadTable(connection: DuckDBConnection, store: ObjectStore, table: CommittedTable, file: string): Promise<LoadedTable> {
  const out = createWriteStream(file);
  let records = 0;
  for await (const record of readTableRecords(store, table)) {
    records++;
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  const name = quoteIdentifier(table.table);
  if (records === 0) {
    // DuckDB cannot infer columns from no record: an empty table with one JSON column stands in.
    await connection.run(`CREATE TABLE ${name} (record JSON)`);
  } else {
    // sample_size = -1: column types from every record, so a late record of another type widens the column instead of failing.
    await connection.run(`CREATE TABLE ${name} AS SELECT * FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited', sample_size = -1)`);
  }
  return { table: table.table, resource: table.resource, writeDisposition: table.writeDisposition, records };
}

/**
 * A DuckDB value as plain JSON: BIGINTs (DuckDB's type for JSON integers) as
 * numbers while exact, else as strings; timestamps and dates as ISO 8601 text;
 * bytes as base64.
 */
export function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  return value;
}
