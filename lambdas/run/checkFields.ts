/**
 * What `check` verifies in the first page's records beyond "there are some":
 * every field the source reads from them — the incremental cursor, the parent
 * fields its children put in their paths or copy, the primary key a merge or
 * the boundary dedupe needs — so a misspelt `cursor_path` is found by a check,
 * not by the first run at night.
 */
import type { ResourceModel, SourceModel } from '../model';
import { queryFirst } from '../selectors/jsonPath';

/** A field the source reads from every record of a resource. */
export interface UsedField {
  /** The JSONPath read. */
  readonly path: string;
  /** Where the source says so, e.g. `resources[1].endpoint.incremental.cursor_path`. */
  readonly at: string;
}

/** The fields every record of `resource` must hold for `source` to run. */
export function usedFields(source: SourceModel, resource: ResourceModel): UsedField[] {
  const out: UsedField[] = [];
  const incremental = resource.endpoint.incremental;
  // `include` and `exclude` accept records without the cursor by design; only `raise` needs it.
  if (incremental && incremental.onCursorValueMissing === 'raise') out.push({ path: incremental.cursorPath, at: `${incremental.at}.cursor_path` });
  for (const key of resource.primaryKey ?? []) out.push({ path: key, at: `${resource.at}.primary_key` });
  for (const child of source.resources) {
    if (child.parent?.resource !== resource.name) continue;
    for (const field of new Set([...child.parent.fields, ...child.parent.includeFromParent])) {
      out.push({ path: field, at: `${child.at} (child "${child.name}")` });
    }
  }
  return out;
}

/**
 * The first problem of a page's records with the fields the source reads, as
 * one sentence naming the resource, the record's position, the field and where
 * the source uses it; undefined when every record holds every field.
 */
export function missingFieldProblem(source: SourceModel, resource: ResourceModel, records: readonly unknown[]): string | undefined {
  const fields = usedFields(source, resource);
  for (const [index, record] of records.entries()) {
    for (const field of fields) {
      if (queryFirst(field.path, record).found) continue;
      const keys = record !== null && typeof record === 'object' ? Object.keys(record).slice(0, 12).join(', ') : typeof record;
      return `resource "${resource.name}", page 1, record ${index + 1}: no "${field.path}", which ${field.at} reads (the record has: ${keys || 'no fields'})`;
    }
  }
  return undefined;
}
