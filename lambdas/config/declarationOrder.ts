/**
 * The model's resources in the order the file declares them. The model lists
 * parents first, for the run; messages follow the file.
 */
import type { ResourceModel, SourceModel } from '../model';

/** The index of a resource in `resources` of the file, from its `at` (`resources[3]`). */
export function indexOf(resource: ResourceModel): number {
  return Number(/^resources\[(\d+)\]$/.exec(resource.at)?.[1]);
}

/** `model.resources` in declaration order. */
export function inDeclarationOrder(model: SourceModel): ResourceModel[] {
  return [...model.resources].sort((a, b) => indexOf(a) - indexOf(b));
}
