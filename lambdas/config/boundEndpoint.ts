/**
 * A step of `normalizeSource`, and only of it: a resource's endpoint as dlt
 * sees it after merging `resource_defaults` (`params` and `json` one level
 * deep, the resource wins) and binding dlt's params (`dltParams.ts`): the path,
 * the query params and the incremental the engine runs, and the templates it
 * expands. The rules of `validateSource` read the model this becomes, never
 * this, so validation and the run cannot disagree.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { bindParams } from './dltParams';
import { formatIssues, formatPath } from './formatIssues';
import { parseTemplate } from './placeholders';
import { IncrementalSchema } from './schema';
import type { EndpointConfig, IncrementalConfig, ResourceConfig, SourceSchema } from './schema';
import type { z } from 'zod';

type Parsed = z.output<typeof SourceSchema>;

/** The merged and bound endpoint of one resource. */
export interface BoundEndpoint {
  readonly own: EndpointConfig;
  readonly defaults: Partial<EndpointConfig>;
  readonly path: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly json: unknown;
  /** dlt's `data`: a form (object, merged one level like json) or a raw body (string). */
  readonly data: Readonly<Record<string, unknown>> | string | undefined;
  /** Client, defaults and endpoint headers merged (endpoint wins). */
  readonly headers: Readonly<Record<string, unknown>>;
  /** The param form, else the endpoint's, else the defaults' `incremental` block. */
  readonly incremental: IncrementalConfig | undefined;
  /** Where `incremental` was declared, e.g. `resources[2].endpoint.incremental` or `resources[2].endpoint.params.since`. */
  readonly incrementalAt: string | undefined;
  /** dlt's single-entity endpoint: the path's last segment holds a placeholder, so the response is one object. */
  readonly singleEntity: boolean;
  /** Each `resolve` param the path bound, with the placeholder it became and where the param was written. */
  readonly resolved: ReadonlyArray<{ readonly at: string; readonly name: string; readonly placeholder: string }>;
  /** Problems of the dlt params and the path. */
  readonly issues: readonly ConfigIssue[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `over` merged onto `under` one level deep when both are objects; else `over` when given. */
function mergeOneLevel(under: unknown, over: unknown): unknown {
  if (over === undefined) return under;
  if (isObject(under) && isObject(over)) return { ...under, ...over };
  return over;
}

/** dlt's `single_entity_path`: the last path segment holds a placeholder (`users/{id}`, `users/{resources.users.id}`). */
function lastSegmentHasPlaceholder(path: string): boolean {
  const last = path.split('?')[0].split('/').filter((s) => s !== '').pop() ?? '';
  const parsed = parseTemplate(last);
  return parsed.ok && parsed.parts.some((p) => p.kind === 'field');
}

/** The endpoint of `resource` (the `index`-th of the source) merged and bound. */
export function boundEndpoint(resource: ResourceConfig | string, index: number, source: Parsed): BoundEndpoint {
  const r: ResourceConfig = typeof resource === 'string' ? { name: resource } : resource;
  const defaults: Partial<EndpointConfig> = source.resource_defaults?.endpoint ?? {};
  const own: EndpointConfig = typeof r.endpoint === 'string' ? { path: r.endpoint } : (r.endpoint ?? {});
  const params = (mergeOneLevel(defaults.params ?? {}, own.params) ?? {}) as Record<string, unknown>;
  const path = own.path ?? defaults.path ?? r.name;
  const writtenAt = (name: string): string =>
    formatPath([...(own.params !== undefined && Object.hasOwn(own.params, name) ? ['resources', index, 'endpoint'] : ['resource_defaults', 'endpoint']), 'params', name]);
  const { bound, issues } = bindParams({
    resource: r.name,
    at: `resources[${index}].endpoint`,
    path,
    params,
    ownIncremental: own.incremental !== undefined,
    writtenAt,
  });
  let incremental = own.incremental ?? defaults.incremental;
  let incrementalAt = own.incremental ? `resources[${index}].endpoint.incremental` : defaults.incremental ? 'resource_defaults.endpoint.incremental' : undefined;
  if (bound.incremental && bound.incrementalParam !== undefined) {
    // The param form is checked as the incremental block it stands for; its issues name the param.
    const parsed = IncrementalSchema.safeParse(bound.incremental, { reportInput: true });
    const at = formatPath(['resources', index, 'endpoint', 'params', bound.incrementalParam]);
    incrementalAt = at;
    if (parsed.success) incremental = parsed.data;
    else issues.push(...formatIssues(parsed.error.issues).map((i) => ({ path: i.path ? `${at}.${i.path}` : at, message: i.message })));
  }
  return {
    own,
    defaults,
    path: bound.path,
    params: bound.params,
    json: mergeOneLevel(defaults.json, own.json),
    data: mergeOneLevel(defaults.data, own.data) as BoundEndpoint['data'],
    headers: { ...(source.client.headers ?? {}), ...(defaults.headers ?? {}), ...(own.headers ?? {}) },
    incremental,
    incrementalAt,
    singleEntity: lastSegmentHasPlaceholder(path),
    resolved: bound.resolved.map((r) => ({ at: writtenAt(r.name), ...r })),
    issues,
  };
}
