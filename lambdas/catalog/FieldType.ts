/**
 * The type of a field as the catalog sees it, inferred from the records a run
 * wrote and recorded in the manifest per resource (`schema`). It is the JSON
 * shape, not yet a Glue type: `null` (only nulls seen, nothing to declare yet)
 * survives in the manifest so that a later run can still give the field its
 * first real type, where a declared `string` could never be narrowed again.
 *
 * ```
 * "null" | "boolean" | "bigint" | "double" | "string"
 * { "array": <items> }                  a list
 * { "struct": { "<key>": <type>, … } }  an object, its keys as written
 * ```
 */

/** A primitive type; `null` means no value but null was seen. */
export type PrimitiveType = 'null' | 'boolean' | 'bigint' | 'double' | 'string';

/** The type of a field: a primitive, a list of one item type, or an object of typed keys. */
export type FieldType = PrimitiveType | { array: FieldType } | { struct: Record<string, FieldType> };

/** An object type. */
export type StructType = { struct: Record<string, FieldType> };

const PRIMITIVES: ReadonlySet<string> = new Set<PrimitiveType>(['null', 'boolean', 'bigint', 'double', 'string']);

/** A struct's fields as a map without a prototype, so that a record key such as `__proto__` is a field like any other. */
export function newFields(): Record<string, FieldType> {
  return Object.create(null) as Record<string, FieldType>;
}

/** A deep copy whose structs have prototype-less fields (see {@link newFields}); a parsed manifest's have not. */
export function cloneType(type: FieldType): FieldType {
  if (typeof type === 'string') return type;
  if ('array' in type) return { array: cloneType(type.array) };
  const fields = newFields();
  for (const key of Object.keys(type.struct)) fields[key] = cloneType(type.struct[key]);
  return { struct: fields };
}

/**
 * The narrowest type that holds values of both: equal types stay, `null` takes
 * the other's type, `bigint` and `double` make `double`, lists and objects widen
 * item by item and key by key, and anything else (a number and a string, an
 * object and a list) is `string`: the JSON SerDe reads any value as its JSON text.
 * Never narrower than either side.
 */
export function widenType(a: FieldType, b: FieldType): FieldType {
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (typeof a === 'string' || typeof b === 'string') {
    return (a === 'bigint' && b === 'double') || (a === 'double' && b === 'bigint') ? 'double' : 'string';
  }
  if ('array' in a && 'array' in b) return { array: widenType(a.array, b.array) };
  if ('struct' in a && 'struct' in b) {
    const fields = newFields();
    for (const key of Object.keys(a.struct)) fields[key] = a.struct[key];
    for (const key of Object.keys(b.struct)) fields[key] = Object.hasOwn(fields, key) ? widenType(fields[key], b.struct[key]) : b.struct[key];
    return { struct: fields };
  }
  return 'string';
}

/** One field whose declared type a widening changed (for the log: a type change is widened, never narrowed). */
export interface TypeChange {
  /** The field's path, keys joined with `.` (`address.zip`), `[]` for list items. */
  readonly path: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The fields of `before` whose type differs in `after` (its widening):
 * fields only `after` has, and fields that had seen only nulls, are additions,
 * not changes.
 */
export function typeChanges(before: FieldType, after: FieldType, path = ''): TypeChange[] {
  if (before === 'null' || before === after) return [];
  if (typeof before === 'object' && typeof after === 'object') {
    if ('struct' in before && 'struct' in after) {
      return Object.keys(before.struct).flatMap((key) => (Object.hasOwn(after.struct, key) ? typeChanges(before.struct[key], after.struct[key], path ? `${path}.${key}` : key) : []));
    }
    if ('array' in before && 'array' in after) return typeChanges(before.array, after.array, `${path}[]`);
  }
  return [{ path: path || '(record)', from: describeType(before), to: describeType(after) }];
}

/** A short name of a type for messages: `bigint`, `array`, `struct`. */
export function describeType(type: FieldType): string {
  return typeof type === 'string' ? type : 'array' in type ? 'array' : 'struct';
}

/** True when `value` has the shape of a {@link FieldType} (a manifest read back, a table parameter). */
export function isFieldType(value: unknown): value is FieldType {
  if (typeof value === 'string') return PRIMITIVES.has(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const inner = (value as Record<string, unknown>)[keys[0]];
  if (keys[0] === 'array') return isFieldType(inner);
  if (keys[0] !== 'struct' || inner === null || typeof inner !== 'object' || Array.isArray(inner)) return false;
  return Object.values(inner).every(isFieldType);
}
