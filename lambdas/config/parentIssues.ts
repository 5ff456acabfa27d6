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
import type { BoundEndpoint } from './boundEndpoint';
import { placeholdersIn, templateStrings } from './placeholders';
import type { SourceSchema } from './schema';
import type { z } from 'zod';

type Parsed = z.output<typeof SourceSchema>;

const TEMPLATED = ['path', 'params', 'json', 'data', 'headers'] as const;

function nameOf(resource: Parsed['resources'][number]): string {
  return typeof resource === 'string' ? resource : resource.name;
}

/** The parents an endpoint's templates name, in order of first appearance. */
function parentsOf(endpoint: BoundEndpoint): string[] {
  const found = templateStrings([endpoint.path, endpoint.params, endpoint.json, endpoint.data, endpoint.headers], '').flatMap((s) => placeholdersIn(s.text));
  return [...new Set(found.flatMap((p) => (p.kind === 'parent' ? [p.resource] : [])))];
}

/** Where the placeholder naming `parent` is written for the `index`-th resource: its own endpoint, else resource_defaults, else client headers. */
function originOf(source: Parsed, index: number, parent: string): string {
  const r = source.resources[index];
  const own = typeof r === 'object' ? r.endpoint : undefined;
  const candidates: Array<[unknown, string]> = [];
  if (typeof own === 'string') candidates.push([own, `resources[${index}].endpoint`]);
  else if (own) for (const key of TEMPLATED) candidates.push([own[key], `resources[${index}].endpoint.${key}`]);
  const defaults = source.resource_defaults?.endpoint;
  for (const key of TEMPLATED) candidates.push([defaults?.[key], `resource_defaults.endpoint.${key}`]);
  candidates.push([source.client.headers, 'client.headers']);
  for (const [value, at] of candidates) {
    for (const s of templateStrings(value, at)) {
      if (placeholdersIn(s.text).some((p) => p.kind === 'parent' && p.resource === parent)) return s.at;
    }
  }
  return `resources[${index}].endpoint`;
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
 * Every parent problem of a source.
 * @param endpoints each resource's bound endpoint, in declaration order.
 */
export function parentIssues(source: Parsed, endpoints: readonly BoundEndpoint[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const names = new Set(source.resources.map(nameOf));
  const parentOf = new Map<string, string>();
  source.resources.forEach((r, i) => {
    const name = nameOf(r);
    const parents = parentsOf(endpoints[i]);
    if (parents.length > 1) {
      issues.push({ path: `resources[${i}].endpoint`, message: `a resource has one parent; placeholders name ${parents.join(', ')}` });
    }
    for (const parent of parents) {
      // A placeholder of the resource's own is reported on its endpoint; a shared one where it is written.
      const origin = originOf(source, i, parent);
      const own = origin.startsWith('resources[');
      const at = own ? `resources[${i}].endpoint` : origin;
      const shared = own ? '' : `, from ${origin}, which applies to every resource`;
      if (parent === name) {
        issues.push({ path: at, message: `resource "${name}" cannot be its own parent${own ? '' : ` (resources[${i}]${shared})`}` });
      } else if (!names.has(parent)) {
        issues.push({ path: at, message: `placeholder {resources.${parent}.…} names no resource of this source${own ? '' : ` (resources[${i}]${shared})`}; resources: ${[...names].join(', ')}` });
      }
    }
    if (parents.length === 1 && parents[0] !== name && names.has(parents[0])) parentOf.set(name, parents[0]);
    const include = typeof r === 'object' ? r.include_from_parent : undefined;
    if (include && parents.length === 0) {
      issues.push({ path: `resources[${i}].include_from_parent`, message: 'needs a parent: use a {resources.<parent>.<field>} placeholder in path, params or json, or a resolve param' });
    }
  });
  const cycle = cycleIn(parentOf);
  if (cycle) issues.push({ path: 'resources', message: `parent references form a cycle: ${cycle.join(' → ')}` });
  return issues;
}
