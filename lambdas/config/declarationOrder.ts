/**
 * The model's resources, and anything located in the file, in the order the
 * file declares them. The model lists parents first, for the run; messages
 * follow the file.
 */
import type { Located, ResourceModel, SourceModel } from '../model';
import { levelOf } from './declaredStrings';

/** The index of a resource in `resources` of the file, from its `at` (`resources[3]`). */
export function indexOf(resource: ResourceModel): number {
  return Number(/^resources\[(\d+)\]$/.exec(resource.at)?.[1]);
}

/** `model.resources` in declaration order. */
export function inDeclarationOrder(model: SourceModel): ResourceModel[] {
  return [...model.resources].sort((a, b) => indexOf(a) - indexOf(b));
}

/** The index of the resource a config path is under (`resources[3].endpoint.auth` → 3), -1 for another level. */
function resourceIndexOf(at: string): number {
  const m = /^resources\[(\d+)\]/.exec(at);
  return m ? Number(m[1]) : -1;
}

/**
 * Compares two config paths by where the file declares them: the client's
 * first, then `resource_defaults`', then each resource's in declaration
 * order; 0 for two paths of one level (of one resource).
 */
export function compareInFileOrder(a: string, b: string): number {
  return levelOf(b) - levelOf(a) || resourceIndexOf(a) - resourceIndexOf(b);
}

/**
 * `nodes` once per `at` (a block every resource inherits is one node), in the
 * order the file reads (see {@link compareInFileOrder}); otherwise as given.
 */
export function onceInFileOrder<T extends Located>(nodes: Iterable<T | undefined>): T[] {
  const byAt = new Map<string, T>();
  for (const node of nodes) if (node && !byAt.has(node.at)) byAt.set(node.at, node);
  return [...byAt.values()].sort((a, b) => compareInFileOrder(a.at, b.at));
}
