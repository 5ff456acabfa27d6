/**
 * dlt's bound `params`, applied once to an endpoint's merged `path` and
 * `params` (dlt's `_bind_path_params` and `setup_incremental_object`):
 *
 * - `{"type": "resolve", "resource": r, "field": f}` under name `n` binds
 *   `{n}` in `path` to the parent field: the path gets `{resources.r.f}` and
 *   the param is not sent.
 * - `{"type": "incremental", "cursor_path", "initial_value", …}` under name `n`
 *   is the resource's `incremental` with `start_param: n`.
 * - any other `{n}` in `path` takes the static value of the param `n`, which is
 *   then not sent as a query parameter.
 *
 * Every other `{…}` in `path` is an error, with dlt's wording.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { preview } from './formatIssues';
import { escapeTemplate, parseTemplate } from './placeholders';

/** An endpoint's `path`, `params` and (param form) `incremental` after binding. */
export interface BoundParams {
  /** The path with resolve params as `{resources.<r>.<f>}` and static params substituted (escaped). */
  readonly path: string;
  /** The params still sent as query parameters. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The `incremental` param as an `incremental` block with `start_param` set to its name. */
  readonly incremental: Readonly<Record<string, unknown>> | undefined;
  /** The name of the `incremental` param, if any. */
  readonly incrementalParam: string | undefined;
  /** Each `resolve` param the path bound, with the placeholder it became there. */
  readonly resolved: ReadonlyArray<{ readonly name: string; readonly placeholder: string }>;
}

/** What {@link bindParams} needs. */
export interface BindInput {
  /** The resource, named in messages. */
  readonly resource: string;
  /** The endpoint's config path, e.g. `resources[2].endpoint`. */
  readonly at: string;
  readonly path: string;
  /** `resource_defaults` params merged under the endpoint's. */
  readonly params: Readonly<Record<string, unknown>>;
  /** True when the resource's own endpoint declares `incremental`. */
  readonly ownIncremental: boolean;
  /** Where the param `name` was written (`resource_defaults.endpoint.params.x` for one the resource inherits); default: under `at`. */
  readonly writtenAt?: (name: string) => string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typed(value: unknown): value is Record<string, unknown> & { type: unknown } {
  return isObject(value) && 'type' in value;
}

function paramPath(at: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `${at}.params.${name}` : `${at}.params[${JSON.stringify(name)}]`;
}

/**
 * Binds dlt's params into the path and the incremental.
 * @returns the bound endpoint and every problem found (empty when valid).
 */
export function bindParams(input: BindInput): { bound: BoundParams; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const params: Record<string, unknown> = { ...input.params };
  const resolve = new Map<string, { resource: string; field: string }>();
  let incremental: Record<string, unknown> | undefined;
  let incrementalParam: string | undefined;

  for (const [name, value] of Object.entries(input.params)) {
    if (!typed(value)) continue;
    const at = paramPath(input.at, name);
    delete params[name];
    if (value.type === 'resolve') {
      const { type: _type, resource, field, ...rest } = value;
      void _type;
      for (const key of Object.keys(rest)) issues.push({ path: `${at}.${key}`, message: 'unknown key of a resolve param; it takes "resource" and "field"' });
      if (typeof resource !== 'string' || resource === '') issues.push({ path: `${at}.resource`, message: 'a resolve param names its parent resource: "resource": "<name>"' });
      if (typeof field !== 'string' || field === '') issues.push({ path: `${at}.field`, message: 'a resolve param names the parent field it reads: "field": "<field>"' });
      // They become a placeholder, {resources.<resource>.<field>}, which a brace would break.
      const braced = (['resource', 'field'] as const).filter((key) => /[{}]/.test(String(value[key] ?? '')));
      const written = input.writtenAt?.(name) ?? at;
      for (const key of braced) issues.push({ path: `${written}.${key}`, message: `a resolve param's "${key}" cannot hold "{" or "}": it becomes the placeholder {resources.<resource>.<field>}` });
      if (typeof resource === 'string' && typeof field === 'string') resolve.set(name, { resource, field });
    } else if (value.type === 'incremental') {
      if (incrementalParam !== undefined) {
        issues.push({ path: at, message: `only one incremental param is allowed per endpoint; also "${incrementalParam}"` });
        continue;
      }
      if (value.end_value !== undefined || value.end_param !== undefined) {
        issues.push({
          path: at,
          message:
            'only "cursor_path", "initial_value" and the other start-side options are allowed in an incremental param (as in dlt); ' +
            'to set end_value or end_param too, use "incremental" on the endpoint',
        });
      }
      if (value.start_param !== undefined) issues.push({ path: `${at}.start_param`, message: `an incremental param is itself the start parameter ("${name}")` });
      if (input.ownIncremental) issues.push({ path: at, message: 'the endpoint declares "incremental" too: declare the incremental once, as this param or as endpoint.incremental' });
      const { type: _type, end_value: _end, end_param: _endParam, start_param: _start, ...rest } = value;
      void [_type, _end, _endParam, _start];
      incremental = { ...rest, start_param: name };
      incrementalParam = name;
    } else {
      issues.push({ path: `${at}.type`, message: `unknown param type ${preview(value.type)}; dlt's bound params are "resolve" and "incremental"` });
    }
  }

  const parsed = parseTemplate(input.path);
  if (!parsed.ok) {
    issues.push({ path: `${input.at}.path`, message: `not a valid template: ${parsed.error}` });
    return { bound: { path: input.path, params, incremental, incrementalParam, resolved: [] }, issues };
  }
  const unbound = new Set(resolve.keys());
  const bindings: Array<{ name: string; placeholder: string }> = [];
  let path = '';
  for (const part of parsed.parts) {
    if (part.kind === 'text') {
      path += escapeTemplate(part.text);
      continue;
    }
    const name = part.expression;
    const resolved = resolve.get(name);
    if (name.startsWith('resources.') || name.startsWith('incremental.')) path += `{${name}}`;
    else if (resolved) {
      const placeholder = `{resources.${resolved.resource}.${resolved.field}}`;
      path += placeholder;
      if (unbound.delete(name)) bindings.push({ name, placeholder });
    } else if (name in input.params) {
      const value = input.params[name];
      if (isObject(value) || Array.isArray(value)) {
        issues.push({
          path: `${input.at}.path`,
          message: `the path ${preview(input.path)} tries to bind param ${preview(name)}${typed(value) ? ` with type ${preview(value.type)}` : ''}; a path binds only static values and "resolve" params`,
        });
      } else {
        path += escapeTemplate(String(value));
        delete params[name];
      }
    } else if (!name.includes('.')) {
      issues.push({
        path: `${input.at}.path`,
        message: `the path ${preview(input.path)} of resource ${preview(input.resource)} requires a param named ${preview(name)}, but it was not found in endpoint.params; write {{ and }} for literal braces`,
      });
    } else {
      issues.push({
        path: `${input.at}.path`,
        message: `the path ${preview(input.path)} of resource ${preview(input.resource)} contains a placeholder ${preview(`{${name}}`)}, which is not a valid name; valid names start with "resources." or "incremental."`,
      });
    }
  }
  if (unbound.size > 0) {
    issues.push({
      path: `${input.at}.params`,
      message: `resource ${preview(input.resource)} defines resolve params ${[...unbound].map((n) => preview(n)).join(', ')} that are not bound in path ${preview(input.path)}; to reference a parent resource in query params use {resources.<parent>.<field>}`,
    });
  }
  return { bound: { path, params, incremental, incrementalParam, resolved: bindings }, issues };
}
