/**
 * The parent rules, for a placeholder wherever it comes from — the resource's
 * endpoint, `resource_defaults` (which applies to every resource, so a
 * `{resources.users.id}` there makes `users` its own parent), client headers
 * or a dlt `resolve` param: one parent per resource, a parent that is a
 * resource of the source and not the resource itself, no cycle, and
 * `include_from_parent` only with a parent. Each issue names the field that
 * holds the placeholder.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import type { ResourceModel } from '../model';
import { declaredStrings, levelOf } from './declaredStrings';
import { placeholdersIn } from './placeholders';

/** The parents an endpoint's templates name, in order of first appearance. */
function parentsOf(resource: ResourceModel): string[] {
  const found = declaredStrings(resource.endpoint).flatMap((s) => placeholdersIn(s.text));
  return [...new Set(found.flatMap((p) => (p.kind === 'parent' ? [p.resource] : [])))];
}

/** Where the placeholder naming `parent` is written for `resource`: its own endpoint, else resource_defaults, else client headers. */
function originOf(resource: ResourceModel, parent: string): string {
  const naming = declaredStrings(resource.endpoint).filter((s) => placeholdersIn(s.text).some((p) => p.kind === 'parent' && p.resource === parent));
  const first = naming.sort((a, b) => levelOf(a.at) - levelOf(b.at))[0];
  return first?.at ?? resource.endpoint.at;
}

function cycleIn(parentOf: ReadonlyMap<string, string>): string[] | undefined {
  for (const start of parentOf.keys()) {
    const seen = [start];
    let current = parentOf.get(start);
    while (current !== undefined) {
      if (seen.includes(current)) return [...seen.slice(seen.indexOf(current)), current];
      seen.push(current);
      current = parentOf.get(current);
    }
  }
  return undefined;
}

/**
 * Every parent problem of a source, on its model.
 * @param resources the model's resources in declaration order.
 */
export function parentIssues(resources: readonly ResourceModel[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const names = new Set(resources.map((r) => r.name));
  const parentOf = new Map<string, string>();
  for (const resource of resources) {
    const { name, at: r } = resource;
    const parents = parentsOf(resource);
    if (parents.length > 1) {
      issues.push({ path: `${r}.endpoint`, message: `a resource has one parent; placeholders name ${parents.join(', ')}` });
    }
    for (const parent of parents) {
      // A placeholder of the resource's own is reported on its endpoint; a shared one where it is written.
      const origin = originOf(resource, parent);
      const own = levelOf(origin) === 0;
      const at = own ? `${r}.endpoint` : origin;
      const shared = own ? '' : `, from ${origin}, which applies to every resource`;
      if (parent === name) {
        issues.push({ path: at, message: `resource "${name}" cannot be its own parent${own ? '' : ` (${r}${shared})`}` });
      } else if (!names.has(parent)) {
        issues.push({ path: at, message: `placeholder {resources.${parent}.…} names no resource of this source${own ? '' : ` (${r}${shared})`}; resources: ${[...names].join(', ')}` });
      }
    }
    if (parents.length === 1 && parents[0] !== name && names.has(parents[0])) parentOf.set(name, parents[0]);
    // Only a resource's own include_from_parent needs a parent: the defaults' one applies to the children among them.
    if (resource.includeFromParentAt === `${r}.include_from_parent` && parents.length === 0) {
      issues.push({ path: `${r}.include_from_parent`, message: 'needs a parent: use a {resources.<parent>.<field>} placeholder in path, params or json, or a resolve param' });
    }
  }
  const cycle = cycleIn(parentOf);
  if (cycle) issues.push({ path: 'resources', message: `parent references form a cycle: ${cycle.join(' → ')}` });
  return issues;
}
