/**
 * What a child takes from a parent record: the key that identifies the parent
 * (for per-parent cursors) and the `include_from_parent` fields, written into
 * each child record as `_<parent>_<field with dots as underscores>`.
 */
import type { ParentLink } from '../model';
import { ParentFieldError } from '../errors/ParentFieldError';
import { queryFirst } from '../selectors/jsonPath';

/** The value at a parent field path (`id`, `$.id`, `owner.login`, `$['a.b']`): RFC 9535, as every path of a source. */
export function fieldValue(record: unknown, path: string): unknown {
  return queryFirst(path, record).value;
}

/** The column name of an included parent field: `_<parent>_<field with dots as underscores>`. */
export function includedName(parent: string, field: string): string {
  return `_${parent}_${field.replace(/^\$\.?/, '').replace(/\[['"]?|['"]?\]/g, '.').replace(/\.+/g, '.').replace(/^\.|\.$/g, '').replace(/\./g, '_')}`;
}

/**
 * The fields a child record gains from its parent record.
 * @throws ParentFieldError, in dlt's words, when the parent record lacks one: it is never silently left out.
 */
export function includedFields(link: ParentLink, parent: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of link.includeFromParent) {
    const name = includedName(link.resource, field);
    const { found, value } = queryFirst(field, parent);
    if (!found) throw new ParentFieldError(link.resource, field, Object.keys(parent), name);
    out[name] = value;
  }
  return out;
}

/** Identifies a parent record for per-parent state: the values its child's placeholders read. */
export function parentKey(link: ParentLink, parent: Record<string, unknown>): string {
  const values = link.fields.map((f) => fieldValue(parent, f));
  return JSON.stringify(values.length === 1 ? values[0] : values);
}
