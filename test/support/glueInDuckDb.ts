/**
 * The Glue tables the catalog registers, rebuilt in DuckDB over the same files,
 * so that the Presto SQL of a `<table>_current` view (lambdas/catalog/currentView.ts)
 * can be executed: moto stores Glue tables but runs no Athena query.
 *
 * The translation is only what is dialect or storage:
 * - a Glue data table is a DuckDB table `"<database>"."<table>"` over the part
 *   files of its partitions (one per committed run that wrote the resource, at
 *   the run's folder, after `purgeUnlisted` has cleared what the commit does
 *   not list, as registration does), each read with
 *   `read_json(…, format='newline_delimited', compression='gzip')` with the
 *   declared columns' types (as the OpenX SerDe reads only declared columns);
 * - Athena's hidden column `"$path"` is a column of that name holding the
 *   object's key (Athena's `s3://bucket/` in front would not change the order
 *   of keys in one run folder), and the partition keys `dt` and `run_id` are
 *   columns holding the partition values;
 * - the commits table `"<database>"."<source>__commits"` is every object under
 *   `_commits/`, read with `read_json`.
 * The view's SQL itself runs unchanged: DuckDB accepts the quoted names,
 * `row_number() OVER` and the joins as written.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readCommittedManifests } from '../../lambdas/commit/committedState';
import { commitsPrefix } from '../../lambdas/commit/layout';
import { wroteResource } from '../../lambdas/commit/readCommittedView';
import { purgeUnlisted } from '../../lambdas/catalog/purgeUnlisted';
import type { GlueColumn } from '../../lambdas/catalog/glueColumns';
import { silentLogger } from '../../lambdas/observability/Logger';
import type { ObjectStore } from '../../lambdas/sink/ObjectStore';

/** A Glue data table to rebuild. */
export interface GlueTableFiles {
  readonly database: string;
  readonly table: string;
  readonly resource: string;
  readonly tableName: string;
  readonly columns: readonly GlueColumn[];
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** Presto's column types as DuckDB names them (only the scalars these tests declare). */
const DUCK_TYPES: Readonly<Record<string, string>> = { bigint: 'BIGINT', double: 'DOUBLE', varchar: 'VARCHAR', boolean: 'BOOLEAN' };

/** A DuckDB database holding the Glue tables of one source; `close` removes the downloaded files. */
export interface GlueInDuckDb {
  readonly connection: DuckDBConnection;
  /** Runs SQL and returns its rows as plain JS values (BIGINT as number). */
  rows(sql: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/**
 * Downloads through `store` (the AWS SDK for a bucket) what the Glue partitions
 * and the commits table would point at, and creates the tables in DuckDB.
 */
export async function glueInDuckDb(store: ObjectStore, prefix: string, source: string, commitsTable: string, tables: readonly GlueTableFiles[]): Promise<GlueInDuckDb> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = await mkdtemp(join(tmpdir(), 'sluice-glue-duckdb-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const download = async (key: string): Promise<string> => {
    const bytes = await store.get(key);
    if (!bytes) throw new Error(`${key} is listed but cannot be read`);
    const file = join(dir, key);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
    return file;
  };
  const manifests = (await readCommittedManifests(store, prefix, source)).map(({ manifest }) => manifest);
  for (const database of new Set(tables.map((t) => t.database))) await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quote(database)}`);

  for (const t of tables) {
    const columns = t.columns.map((c) => `${quote(c.name)}: ${literal(DUCK_TYPES[c.presto] ?? 'VARCHAR')}`).join(', ');
    const selects: string[] = [];
    for (const run of manifests) {
      const entry = run.resources[t.resource];
      if (!entry || !wroteResource(run, entry)) continue;
      await purgeUnlisted({ store, prefix, run, resource: t.resource, tableName: t.tableName, logger: silentLogger });
      // The partition's location is the run folder: every object under it counts, listed or not.
      for (const folder of new Set(entry.files.map((f) => `${dirname(f.key)}/`))) {
        for (const key of (await store.list(folder)).sort()) {
          const file = await download(key);
          selects.push(
            `SELECT *, ${literal(key)} AS "$path", ${literal(run.started_at.slice(0, 10))} AS "dt", ${literal(run.run_id)} AS "run_id" ` +
              `FROM read_json(${literal(file)}, format='newline_delimited', compression='gzip', hive_partitioning=false, columns={${columns}})`,
          );
        }
      }
    }
    const empty = `SELECT ${t.columns.map((c) => `CAST(NULL AS ${DUCK_TYPES[c.presto] ?? 'VARCHAR'}) AS ${quote(c.name)}`).join(', ')}, '' AS "$path", '' AS "dt", '' AS "run_id" WHERE false`;
    await connection.run(`CREATE TABLE ${quote(t.database)}.${quote(t.table)} AS ${[empty, ...selects].join(' UNION ALL BY NAME ')}`);
  }

  const commitFiles: string[] = [];
  for (const key of await store.list(commitsPrefix(prefix, source))) commitFiles.push(await download(key));
  const database = tables[0]?.database ?? 'sluice';
  await connection.run(
    `CREATE TABLE ${quote(database)}.${quote(commitsTable)} AS SELECT CAST(run_id AS VARCHAR) AS run_id, CAST(seq AS BIGINT) AS seq FROM read_json([${commitFiles.map(literal).join(', ')}], format='auto', union_by_name=true)`,
  );

  return {
    connection,
    rows: (sql) => duckRows(connection, sql),
    async close() {
      connection.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs SQL on a DuckDB connection and returns its rows as plain JS values (BIGINT as number). */
export async function duckRows(connection: DuckDBConnection, sql: string): Promise<Array<Record<string, unknown>>> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}
