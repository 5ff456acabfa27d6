/**
 * dlt forms that a sluice source cannot hold, found before the schema runs so
 * that each gets a message naming the field and what to write instead, rather
 * than a generic "expected object": `auth` as a bare type name (dlt then reads
 * the fields from its config providers), Python objects (`session`, `hooks`, a
 * paginator or auth instance), table hints given as functions of each record
 * (or, in JSON, as a callable written out as code), a response action written
 * out as code, and functions outside the places a TypeScript source may put them
 * (`processing_steps`, `incremental.convert`).
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import type { BUILT_IN_AUTH_TYPES } from './authTypes';
import { formatPath, preview } from './formatIssues';

/** The fields a built-in auth type cannot do without, named when `auth` is only the type's name. */
const REQUIRED_AUTH_FIELDS: Readonly<Record<(typeof BUILT_IN_AUTH_TYPES)[number], readonly string[]>> = {
  bearer: ['token'],
  api_key: ['api_key'],
  http_basic: ['username'],
  oauth2_client_credentials: ['access_token_url', 'client_id', 'client_secret'],
  oauth2_refresh_token: ['access_token_url', 'refresh_token'],
};

/** Keys whose value may be a function in a TypeScript source. */
const FUNCTION_KEYS: ReadonlySet<string> = new Set(['filter', 'map', 'yield_map', 'convert']);

/**
 * dlt's table hints, which dlt also takes as a function of each record (one
 * table, disposition or key per record). A sluice resource writes one table
 * with one disposition and key, fixed before the run, so the function form is
 * refused by name rather than as a wrong type.
 */
const HINT_KEYS = ['table_name', 'write_disposition', 'primary_key', 'merge_key'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True for an instance of a class, not a plain object literal or parsed JSON.
 * Compared by shape, not with this realm's `Object.prototype`: a definition may
 * come from another realm (a vm context, structuredClone).
 */
function isInstance(value: unknown): boolean {
  if (!isObject(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto !== null && Object.getPrototypeOf(proto) !== null;
}

function authStringIssue(path: string, type: string): ConfigIssue {
  const required = (REQUIRED_AUTH_FIELDS as Record<string, readonly string[] | undefined>)[type];
  if (!required) return { path, message: `auth ${preview(type)} is a type name alone; write the block: {"type": ${preview(type)}, …}` };
  const fields = required.map((f) => `"${f}"`).join(', ');
  return {
    path,
    message:
      `auth "${type}" as a string has no ${fields}: sluice reads no config providers, so write the block, ` +
      `e.g. {"type": "${type}", ${required.map((f) => `"${f}": {"secret": "${f}"}`).join(', ')}} (dlt fails the same way: missing ${fields})`,
  };
}

/** A refused form: its issue, and the key to leave out before the schema looks (so that it says nothing more about it). */
interface Refused {
  readonly issue: ConfigIssue;
  readonly at: readonly PropertyKey[];
}

function refuse(out: Refused[], at: readonly PropertyKey[], message: string): void {
  out.push({ issue: { path: formatPath(at), message }, at });
}

/**
 * True for a string that is a callable written out as code (`"lambda item: item['type']"`,
 * `"(r) => r.type"`): what a dlt config's callable becomes when pasted into JSON.
 */
function looksLikeCallable(value: unknown): value is string {
  return typeof value === 'string' && (/^\s*(lambda\b|def\s|function\b)/.test(value) || value.includes('=>'));
}

function hintFunctionIssues(block: Record<string, unknown>, at: readonly PropertyKey[], out: Refused[]): void {
  for (const key of HINT_KEYS) {
    const value = block[key];
    if (typeof value !== 'function' && !looksLikeCallable(value)) continue;
    const what = typeof value === 'function' ? `${key} as a function` : `${key} ${preview(value)} is code, not a value: ${key} as a callable`;
    refuse(
      out,
      [...at, key],
      `${what} (dlt's hint computed per record) is not accepted: each resource writes one table, with one ${key === 'table_name' ? 'name' : key}; ` +
        'give a value, and to send records to several tables declare one resource per table with a processing_steps filter' +
        (typeof value === 'function' ? '' : ' (a function, so in a TypeScript source: sources/<name>.ts)'),
    );
  }
}

/** A response action written out as code: dlt's callable action (a hook on the response) has no sluice form. */
function actionIssues(endpoint: Record<string, unknown>, at: readonly PropertyKey[], out: Refused[]): void {
  if (!Array.isArray(endpoint.response_actions)) return;
  endpoint.response_actions.forEach((action: unknown, i) => {
    if (!isObject(action) || !(looksLikeCallable(action.action) || (Array.isArray(action.action) && action.action.some(looksLikeCallable)))) return;
    refuse(
      out,
      [...at, 'response_actions', i, 'action'],
      'a callable action (dlt\'s hook on the response) is not accepted: an action is "ignore", "retry" or "fail"; ' +
        'to change records, use a processing_steps map in a TypeScript source (sources/<name>.ts)',
    );
  });
}

function endpointIssues(endpoint: unknown, at: readonly PropertyKey[], out: Refused[]): void {
  if (!isObject(endpoint)) return;
  if (typeof endpoint.auth === 'string') out.push({ issue: authStringIssue(formatPath([...at, 'auth']), endpoint.auth), at: [...at, 'auth'] });
  if (endpoint.hooks !== undefined) {
    refuse(out, [...at, 'hooks'], 'requests hooks are Python-only: use response_actions for status and content rules, or a custom auth strategy (registerAuth) in a TypeScript source');
  }
  if (isInstance(endpoint.paginator)) {
    refuse(out, [...at, 'paginator'], 'a paginator instance is Python-only: write the paginator as a block, {"type": "offset", "limit": 100} and so on, or register a custom type with registerPaginator(type, factory) in a TypeScript source');
  }
  actionIssues(endpoint, at, out);
  if (isInstance(endpoint.auth)) {
    refuse(out, [...at, 'auth'], 'an auth instance is Python-only: write the block, or register a custom type with registerAuth(type, factory) in a TypeScript source');
  }
}

function functionIssues(value: unknown, at: readonly PropertyKey[], out: ConfigIssue[], seen: Set<unknown>): void {
  if (typeof value === 'function') {
    const key = at[at.length - 1];
    if (typeof key === 'string' && FUNCTION_KEYS.has(key)) return;
    out.push({ path: formatPath(at), message: 'a function (a Python callable in dlt) is not accepted here; functions go only in processing_steps (filter, map, yield_map) of a TypeScript source' });
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) value.forEach((v, i) => functionIssues(v, [...at, i], out, seen));
  else for (const [k, v] of Object.entries(value)) functionIssues(v, [...at, k], out, seen);
}

/** `value` with the key at `at` left out, copying only the objects on the way. */
function omit(value: unknown, at: readonly PropertyKey[]): unknown {
  if (at.length === 0 || (typeof value !== 'object' && typeof value !== 'function') || value === null) return value;
  const [key, ...rest] = at;
  const copy: Record<PropertyKey, unknown> | unknown[] = Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<PropertyKey, unknown>) };
  const container = copy as Record<PropertyKey, unknown>;
  if (rest.length === 0) {
    if (Array.isArray(copy)) container[key] = {};
    else delete container[key];
  } else container[key] = omit(container[key], rest);
  return copy;
}

/**
 * Every dlt form of `input` that sluice refuses with its own message, and the
 * input without them (for the schema, so it does not report them again).
 * `functions` are the functions outside the places that take one: where the
 * schema expects a value it says so itself; these matter only where it takes
 * anything (`params`, `json`, …).
 */
export function dltFormIssues(input: unknown): { issues: ConfigIssue[]; functions: ConfigIssue[]; rest: unknown } {
  const out: Refused[] = [];
  if (!isObject(input)) return { issues: [], functions: [], rest: input };
  const client = input.client;
  if (isObject(client)) {
    if (client.session !== undefined) {
      refuse(out, ['client', 'session'], 'a requests.Session is Python-only: sluice has its own HTTP client (timeout_ms, retries, headers, auth)');
    }
    endpointIssues(client, ['client'], out);
  }
  const defaults = input.resource_defaults;
  if (isObject(defaults)) {
    endpointIssues(defaults.endpoint, ['resource_defaults', 'endpoint'], out);
    hintFunctionIssues(defaults, ['resource_defaults'], out);
  }
  if (Array.isArray(input.resources)) {
    input.resources.forEach((r, i) => {
      if (typeof r === 'function' || isInstance(r)) refuse(out, ['resources', i], 'a dlt resource object is Python-only: declare the resource as a name or a block');
      else if (isObject(r)) {
        endpointIssues(r.endpoint, ['resources', i, 'endpoint'], out);
        hintFunctionIssues(r, ['resources', i], out);
      }
    });
  }
  const found: ConfigIssue[] = [];
  functionIssues(input, [], found, new Set());
  const functions = found.filter((f) => !out.some((r) => isAtOrBelow(f.path, r.issue.path)));
  return { issues: out.map((r) => r.issue), functions, rest: out.reduce<unknown>((value, r) => omit(value, r.at), input) };
}

/** True when `path` is `under` or a field below it, so that the schema's issue there says the same thing again. */
export function isAtOrBelow(path: string, under: string): boolean {
  return path === under || path.startsWith(`${under}.`) || path.startsWith(`${under}[`);
}
