/**
 * Which resources a run fetches and which it writes: the selected ones (every
 * `selected` resource, or those named in the run's `resources` option), plus,
 * fetched but not written, the parents they need.
 */
import type { ResourceModel, SourceModel } from '../model';
import { ResourceSelectionError } from '../errors/ResourceSelectionError';

/** One resource of a run. */
export interface PlannedResource {
  readonly resource: ResourceModel;
  /** Written and listed in the manifest; false: fetched only for its children. */
  readonly written: boolean;
  /** A resource of this run reads its records (so they must be kept, in a dry run too). */
  readonly isParent: boolean;
}

/**
 * The resources of a run, parents first.
 * @throws ResourceSelectionError when `selection` names a resource the source does not have
 */
export function planResources(source: SourceModel, selection?: readonly string[]): PlannedResource[] {
  const byName = new Map(source.resources.map((r) => [r.name, r]));
  if (selection) {
    const unknown = selection.filter((n) => !byName.has(n));
    if (unknown.length > 0) throw new ResourceSelectionError(source.name, unknown, [...byName.keys()]);
  }
  const written = new Set(selection ?? source.resources.filter((r) => r.selected).map((r) => r.name));
  const needed = new Set<string>();
  for (const name of written) {
    let current = byName.get(name);
    while (current && !needed.has(current.name)) {
      needed.add(current.name);
      current = current.parent ? byName.get(current.parent.resource) : undefined;
    }
  }
  const parents = new Set(source.resources.filter((r) => needed.has(r.name) && r.parent).map((r) => r.parent?.resource as string));
  return source.resources
    .filter((r) => needed.has(r.name))
    .map((resource) => ({ resource, written: written.has(resource.name), isParent: parents.has(resource.name) }));
}
