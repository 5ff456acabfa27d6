/**
 * A resource's schema as Glue columns (Hive types, for the table) and as the
 * view's columns (Presto types, for the `_current` view's definition).
 *
 * A top-level key that is not a Glue name (`Created-At`) becomes a column named
 * Glue-safe (`created_at`) with an OpenX SerDe `mapping.<column>` back to the key.
 * Nested keys cannot be mapped: an object whose keys are not all Glue names is
 * declared `string` (the SerDe reads it as its JSON text, which `json_extract`
 * takes apart). A field seen only as null is not declared yet.
 */
import type { FieldType } from './FieldType';
import { glueName } from './glueNames';

/** One column of a data table. */
export interface GlueColumn {
  readonly name: string;
  /** The Hive type (`bigint`, `array<string>`, `struct<a:bigint>`). */
  readonly hive: string;
  /** The same type as Presto names it in a view (`bigint`, `array(varchar)`, `row(a bigint)`). */
  readonly presto: string;
}

/** The columns of a table and what could not be declared. */
export interface TableColumns {
  readonly columns: readonly GlueColumn[];
  /** OpenX SerDe parameters: `mapping.<column>` → the record key, for keys that are not Glue names. */
  readonly mappings: Readonly<Record<string, string>>;
  /** Keys left out, with the reason (for the log). */
  readonly skipped: ReadonlyArray<{ readonly key: string; readonly reason: string }>;
}

/** The partition keys: Glue columns of their own, so a record field of the same name cannot be declared. */
export const PARTITION_KEYS = ['dt', 'run_id'] as const;

const SIMPLE = /^[a-z_][a-z0-9_]*$/;

function hiveOf(type: FieldType): string | undefined {
  if (type === 'null') return undefined;
  if (typeof type === 'string') return type;
  if ('array' in type) {
    const items = hiveOf(type.array);
    return items === undefined ? undefined : `array<${items}>`;
  }
  const keys = Object.keys(type.struct);
  // Keys must be simple and distinct once lower-cased (the SerDe matches them case-insensitively).
  if (keys.some((k) => !SIMPLE.test(k.toLowerCase())) || new Set(keys.map((k) => k.toLowerCase())).size !== keys.length) return 'string';
  const fields = keys.flatMap((k) => {
    const inner = hiveOf(type.struct[k]);
    return inner === undefined ? [] : [`${k.toLowerCase()}:${inner}`];
  });
  return fields.length === 0 ? undefined : `struct<${fields.join(',')}>`;
}

/** A Hive type as Presto names it. */
export function prestoOf(hive: string): string {
  let i = 0;
  const word = (): string => {
    const m = /^[a-z0-9_]+/.exec(hive.slice(i));
    const w = m ? m[0] : '';
    i += w.length;
    return w;
  };
  const type = (): string => {
    const w = word();
    if (w === 'string') return 'varchar';
    if (w === 'array') {
      i++; // <
      const items = type();
      i++; // >
      return `array(${items})`;
    }
    if (w === 'struct') {
      i++; // <
      const fields: string[] = [];
      for (;;) {
        const name = word();
        i++; // :
        fields.push(`${name} ${type()}`);
        if (hive[i++] === '>') break;
      }
      return `row(${fields.join(', ')})`;
    }
    return w;
  };
  return type();
}

/**
 * The columns of a record schema, in the order its keys were first seen.
 * @param keep columns to keep first, in their order: a table's columns never move (Athena checks partitions by position)
 */
export function tableColumns(schema: FieldType, keep: readonly string[] = []): TableColumns {
  const skipped: Array<{ key: string; reason: string }> = [];
  const mappings: Record<string, string> = {};
  const byName = new Map<string, GlueColumn>();
  if (typeof schema !== 'object' || !('struct' in schema)) {
    if (schema !== 'null') skipped.push({ key: '(record)', reason: `records are ${typeof schema === 'string' ? schema : 'array'} values, not objects: no column can be declared` });
    return { columns: [], mappings, skipped };
  }
  for (const key of Object.keys(schema.struct)) {
    const name = glueName(key);
    if ((PARTITION_KEYS as readonly string[]).includes(name)) {
      skipped.push({ key, reason: `"${name}" is a partition key of the table` });
      continue;
    }
    if (byName.has(name)) {
      skipped.push({ key, reason: `its column name "${name}" is already the column of another key` });
      continue;
    }
    const hive = hiveOf(schema.struct[key]);
    if (hive === undefined) continue;
    if (name !== key.toLowerCase()) mappings[`mapping.${name}`] = key;
    byName.set(name, { name, hive, presto: prestoOf(hive) });
  }
  const first = keep.flatMap((n) => (byName.has(n) ? [byName.get(n) as GlueColumn] : []));
  const rest = [...byName.values()].filter((c) => !keep.includes(c.name));
  return { columns: [...first, ...rest], mappings, skipped };
}
