/**
 * Infers the {@link FieldType} of a resource's records while they are written:
 * every record is seen (a sampled schema could declare a type a later record
 * breaks, and Athena would fail on it or read it wrong), so the walk is kept
 * cheap: the tree is widened in place, and a field already widened to `string`
 * is not descended into again.
 */
import type { FieldType } from './FieldType';
import { cloneType, newFields, widenType } from './FieldType';

/**
 * The schema of the records seen so far.
 * @example
 * const schema = new SchemaInferrer();
 * schema.observe({ id: 1, tags: ['a'] });
 * schema.observe({ id: 2.5 });
 * schema.type; // { struct: { id: 'double', tags: { array: 'string' } } }
 */
export class SchemaInferrer {
  private root: FieldType;

  /** @param start a schema to go on from (a continuation's records so far) */
  constructor(start: FieldType = 'null') {
    // A copy: the walk widens in place, and `start` may be part of a checkpoint or manifest still in use.
    this.root = cloneType(start);
  }

  /** The type of every record seen: a struct for object records; `null` when none was seen. */
  get type(): FieldType {
    return this.root;
  }

  /** Widens the schema by one record. */
  observe(record: unknown): void {
    this.root = merge(this.root, record);
  }
}

/** `type` widened by `value`; objects and lists are widened in place (the same node is returned). */
function merge(type: FieldType, value: unknown): FieldType {
  if (type === 'string') return type;
  if (value === null || value === undefined) return type;
  switch (typeof value) {
    case 'string':
      return type === 'null' ? 'string' : widenType(type, 'string');
    case 'boolean':
      return type === 'boolean' ? type : widenType(type, 'boolean');
    case 'number': {
      // Athena's bigint is 64-bit; an integer JavaScript cannot hold exactly is read as a double anyway.
      const own = Number.isSafeInteger(value) ? 'bigint' : 'double';
      return type === own ? type : widenType(type, own);
    }
    case 'object': {
      if (Array.isArray(value)) {
        let node: FieldType = type;
        if (node === 'null') node = { array: 'null' };
        else if (typeof node !== 'object' || !('array' in node)) return widenType(node, { array: 'null' });
        const list = node;
        for (const item of value) list.array = merge(list.array, item);
        return list;
      }
      let node: FieldType = type;
      if (node === 'null') node = { struct: newFields() };
      else if (typeof node !== 'object' || !('struct' in node)) return widenType(node, { struct: newFields() });
      const fields = node.struct;
      const object = value as Record<string, unknown>;
      for (const key in object) fields[key] = merge(fields[key] ?? 'null', object[key]);
      return node;
    }
    default:
      // JSON.stringify writes no other type (a function or symbol is left out), so there is nothing to widen by.
      return type;
  }
}
