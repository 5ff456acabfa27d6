/**
 * dlt forms that a sluice source cannot hold, found before the schema runs so
 * that each gets a message naming the field and what to write instead, rather
 * than a generic "expected object": `auth` as a bare type name (dlt then reads
 * the fields from its config providers), Python objects (`session`, `hooks`, a
 * paginator or auth instance) and functions outside the places a TypeScript
 * source may put them (`processing_steps`, `incremental.convert`).
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import type { BUILT_IN_AUTH_TYPES } from './authTypes';
import { formatPath } from './formatIssues';

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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an instance of a class (not a plain object literal or JSON object). */
function isInstance(value: unknown): boolean {
  if (!isObject(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto !== null && proto !== Object.prototype;
}

function authStringIssue(path: string, type: string): ConfigIssue {
  const required = (REQUIRED_AUTH_FIELDS as Record<string, readonly string[] | undefined>)[type];
  if (!required) return { path, message: `auth ${JSON.stringify(type)} is a type name alone; write the block: {"type": ${JSON.stringify(type)}, …}` };
  const fields = required.map((f) => `"${f}"`).join(', ');
  return {
    path,
    message:
      `auth "${type}" as a string has no ${fields}: sluice reads no config providers, so write the block, ` +
      `e.g. {"type": "${type}", ${required.map((f) => `"${f}": {"secret": "${f}"}`).join(', ')}} (dlt fails the same way: missing ${fields})`,
  };
}

function endpointIssues(endpoint: unknown, at: readonly PropertyKey[], out: ConfigIssue[]): void {
  if (!isObject(endpoint)) return;
  if (typeof endpoint.auth === 'string') out.push(authStringIssue(formatPath([...at, 'auth']), endpoint.auth));
  if (endpoint.hooks !== undefined) {
    out.push({ path: formatPath([...at, 'hooks']), message: 'requests hooks are Python-only: use response_actions for status and content rules, or a custom auth strategy (registerAuth) in a TypeScript source' });
  }
  if (isInstance(endpoint.paginator)) {
    out.push({ path: formatPath([...at, 'paginator']), message: 'a paginator instance is Python-only: write the paginator as a block, {"type": "offset", "limit": 100} and so on' });
  }
  if (isInstance(endpoint.auth)) {
    out.push({ path: formatPath([...at, 'auth']), message: 'an auth instance is Python-only: write the block, or register a custom type with registerAuth(type, factory) in a TypeScript source' });
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

/** Every dlt form of `input` that sluice refuses with its own message. */
export function dltFormIssues(input: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  if (!isObject(input)) return out;
  const client = input.client;
  if (isObject(client)) {
    if (client.session !== undefined) {
      out.push({ path: 'client.session', message: 'a requests.Session is Python-only: sluice has its own HTTP client (timeout_ms, retries, headers, auth)' });
    }
    endpointIssues(client, ['client'], out);
  }
  const defaults = input.resource_defaults;
  if (isObject(defaults)) endpointIssues(defaults.endpoint, ['resource_defaults', 'endpoint'], out);
  if (Array.isArray(input.resources)) {
    input.resources.forEach((r, i) => {
      if (isObject(r)) endpointIssues(r.endpoint, ['resources', i, 'endpoint'], out);
      else if (typeof r === 'function' || isInstance(r)) {
        out.push({ path: `resources[${i}]`, message: 'a dlt resource object is Python-only: declare the resource as a name or a block' });
      }
    });
  }
  functionIssues(input, [], out, new Set());
  return out;
}

/** True when `path` is `under` or a field below it, so that the schema's issue there says the same thing again. */
export function isAtOrBelow(path: string, under: string): boolean {
  return path === under || path.startsWith(`${under}.`) || path.startsWith(`${under}[`);
}
