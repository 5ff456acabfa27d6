/**
 * The README's hand-written Athena DDL and views ("Querying with Athena", "By
 * hand"), read out of README.md itself and executed in DuckDB over a store's
 * objects, so that what users copy is what the tests run.
 *
 * Only what is dialect or storage is translated, and a construct the
 * translation does not know fails the test instead of passing untranslated:
 * - `CREATE EXTERNAL TABLE t (cols) … LOCATION 's3://BUCKET/<dir>/'` becomes a
 *   DuckDB table over every object under `<dir>` (as Athena reads every object
 *   under a table's location, files of failed runs included), each read with
 *   `read_json` on the declared columns only (as the OpenX JSON SerDe reads
 *   them: an absent field is NULL, an undeclared one is not there), with the
 *   Hive types written as DuckDB's (`map<k,v>` → `MAP(k, v)`, `struct<a:t>` →
 *   `STRUCT("a" t)`, `array<t>` → `t[]`); Athena's hidden column `"$path"` is a
 *   column holding `s3://BUCKET/<key>`, and a partition key (`dt`) a column
 *   holding the value in the key's `dt=` folder (what partition projection reads);
 * - `CROSS JOIN UNNEST(map) AS r(k, v)` becomes a lateral join over
 *   `map_entries`, and `CROSS JOIN UNNEST(array of rows) WITH ORDINALITY AS
 *   f(a, b, …, n)` one that takes the row's fields by position, as Presto does;
 * - `cardinality(array)` becomes `len(array)`.
 * Everything else (the views' joins, windows, subqueries, `||`, quoted names)
 * runs as written.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { ObjectStore } from '../../lambdas/sink/ObjectStore';
import { duckRows } from './glueInDuckDb';

/** The bucket name the README's `BUCKET` stands for in `"$path"`. */
export const README_BUCKET = 'bucket';

/** The SQL statements of the README's "By hand" section, comments removed, in order. */
export async function readmeAthenaStatements(readmePath: string): Promise<string[]> {
  const text = await readFile(readmePath, 'utf8');
  const start = text.indexOf('**By hand (any bucket).**');
  const end = text.indexOf('\n## ', start);
  if (start < 0 || end < 0) throw new Error('README.md has no "By hand (any bucket)" section under "Querying with Athena"');
  const blocks = [...text.slice(start, end).matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (blocks.length === 0) throw new Error('the "By hand" section of README.md holds no ```sql block');
  return blocks
    .join('\n')
    .split('\n')
    .filter((line) => !/^\s*--/.test(line))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Splits at the commas that are not inside `<…>` or `(…)`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '<' || ch === '(') depth++;
    if (ch === '>' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

const SCALARS: Readonly<Record<string, string>> = { string: 'VARCHAR', bigint: 'BIGINT', int: 'INTEGER', double: 'DOUBLE', boolean: 'BOOLEAN' };

/** A Hive column type as DuckDB writes it. */
export function duckType(hive: string): string {
  const type = hive.trim();
  const scalar = SCALARS[type.toLowerCase()];
  if (scalar) return scalar;
  const generic = /^(array|map|struct)\s*<([\s\S]*)>$/i.exec(type);
  if (!generic) throw new Error(`a Hive type the translation does not know: ${type}`);
  const [, kind, inner] = generic;
  switch (kind.toLowerCase()) {
    case 'array':
      return `${duckType(inner)}[]`;
    case 'map': {
      const [key, value] = splitTopLevel(inner);
      return `MAP(${duckType(key)}, ${duckType(value)})`;
    }
    default:
      return `STRUCT(${splitTopLevel(inner)
        .map((field) => {
          const colon = field.indexOf(':');
          return `"${field.slice(0, colon).trim()}" ${duckType(field.slice(colon + 1))}`;
        })
        .join(', ')})`;
  }
}

/** The `name type` pairs of a column list (names may be backquoted). */
function columnsOf(list: string): Array<{ name: string; type: string }> {
  return splitTopLevel(list).map((column) => {
    const m = /^`?([A-Za-z_][\w]*)`?\s+([\s\S]+)$/.exec(column.trim());
    if (!m) throw new Error(`a column the translation cannot read: ${column}`);
    return { name: m[1], type: duckType(m[2]) };
  });
}

/** The parts of a `CREATE EXTERNAL TABLE` statement the translation uses. */
export interface ExternalTable {
  readonly name: string;
  readonly columns: ReadonlyArray<{ name: string; type: string }>;
  readonly partitionKeys: readonly string[];
  /** The location's key prefix in the bucket (after `s3://BUCKET/`). */
  readonly location: string;
}

/** Reads a `CREATE EXTERNAL TABLE` statement. */
export function parseExternalTable(statement: string): ExternalTable {
  const head = /^CREATE EXTERNAL TABLE (\w+) \(/i.exec(statement);
  if (!head) throw new Error(`not a CREATE EXTERNAL TABLE statement: ${statement.slice(0, 60)}`);
  // The column list runs to the parenthesis that closes the one after the name.
  let depth = 0;
  let close = -1;
  for (let i = head[0].length - 1; i < statement.length; i++) {
    if (statement[i] === '(') depth++;
    if (statement[i] === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  const rest = statement.slice(close + 1);
  const partitioned = /PARTITIONED BY \(([^)]*)\)/i.exec(rest);
  const location = /LOCATION 's3:\/\/([^/']+)\/([^']*)'/i.exec(rest);
  if (!location) throw new Error(`table ${head[1]} has no s3:// LOCATION`);
  return {
    name: head[1],
    columns: columnsOf(statement.slice(head[0].length, close)),
    partitionKeys: partitioned ? columnsOf(partitioned[1]).map((c) => c.name) : [],
    location: location[2],
  };
}

/** A view's Presto SQL in DuckDB's dialect; throws on an `UNNEST` it does not translate. */
export function translateView(statement: string): string {
  const sql = statement
    .replace(/CROSS JOIN UNNEST\(([\w.]+)\) WITH ORDINALITY AS (\w+)\(([\w\s,]+)\)/g, (_m, array: string, alias: string, names: string) => {
      const fields = names.split(',').map((n) => n.trim());
      const ordinal = fields.pop() as string;
      const picks = fields.map((f, i) => `struct_extract_at(u.row_value, ${i + 1}) AS ${f}`);
      return `CROSS JOIN (SELECT ${[...picks, `u.row_no AS ${ordinal}`].join(', ')} FROM UNNEST(${array}) WITH ORDINALITY AS u(row_value, row_no)) AS ${alias}`;
    })
    .replace(/CROSS JOIN UNNEST\(([\w.]+)\) AS (\w+)\((\w+), (\w+)\)/g, (_m, map: string, alias: string, key: string, value: string) =>
      `CROSS JOIN (SELECT u.entry_pair.key AS ${key}, u.entry_pair.value AS ${value} FROM UNNEST(map_entries(${map})) AS u(entry_pair)) AS ${alias}`,
    )
    .replace(/\bcardinality\(/g, 'len(');
  const untranslated = /UNNEST\((?!map_entries\()[^)]*\)(?! WITH ORDINALITY AS u\(row_value)/.exec(sql);
  if (untranslated) throw new Error(`an UNNEST the translation does not know: ${untranslated[0]}`);
  return sql;
}

/** DuckDB holding the README's tables and views over one store. */
export interface ReadmeAthenaDb {
  /** Runs SQL and returns its rows as plain JS values (BIGINT as number). */
  rows(sql: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * Executes `statements` (the README's, with `BUCKET`, `PREFIX/` and `acme`
 * already replaced) in a fresh DuckDB over the objects of `store`.
 */
export async function readmeAthenaDb(store: ObjectStore, statements: readonly string[]): Promise<ReadmeAthenaDb> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = await mkdtemp(join(tmpdir(), 'sluice-readme-athena-'));
  const instance: DuckDBInstance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  try {
    for (const statement of statements) {
      if (/^CREATE EXTERNAL TABLE/i.test(statement)) await createTable(store, connection, dir, parseExternalTable(statement));
      else if (/^CREATE OR REPLACE VIEW/i.test(statement)) await connection.run(translateView(statement));
      else throw new Error(`a statement the translation does not know: ${statement.slice(0, 60)}`);
    }
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    rows: (sql) => duckRows(connection, sql),
    async close() {
      connection.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function createTable(store: ObjectStore, connection: DuckDBConnection, dir: string, table: ExternalTable): Promise<void> {
  const columns = table.columns.map((c) => `"${c.name}": ${literal(c.type)}`).join(', ');
  const selects: string[] = [];
  for (const key of await store.list(table.location)) {
    const bytes = await store.get(key);
    if (!bytes) continue;
    const file = join(dir, key);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
    const partitions = table.partitionKeys.map((p) => `${literal(new RegExp(`/${p}=([^/]+)/`).exec(key)?.[1] ?? '')} AS "${p}"`);
    const compression = key.endsWith('.gz') ? 'gzip' : 'uncompressed';
    selects.push(
      `SELECT *, ${[`${literal(`s3://${README_BUCKET}/${key}`)} AS "$path"`, ...partitions].join(', ')} ` +
        `FROM read_json(${literal(file)}, format='newline_delimited', compression='${compression}', hive_partitioning=false, columns={${columns}})`,
    );
  }
  const empty = `SELECT ${[...table.columns.map((c) => `CAST(NULL AS ${c.type}) AS "${c.name}"`), `'' AS "$path"`, ...table.partitionKeys.map((p) => `'' AS "${p}"`)].join(', ')} WHERE false`;
  await connection.run(`CREATE TABLE "${table.name}" AS ${[empty, ...selects].join(' UNION ALL BY NAME ')}`);
}
