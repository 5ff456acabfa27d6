/**
 * Replaces the secret references inside a request's `params`, `json` or
 * `data` (at any depth) with their resolved values, after placeholders are
 * expanded, so that a secret value is never read as a template. Each value is
 * a credential, registered with the Redactor when the source's secrets were
 * resolved, so it is redacted wherever the request shows up.
 */
import { isSecretRef } from '../secrets/SecretRef';
import type { SecretRef } from '../secrets/SecretRef';

/**
 * A copy of `value` with every secret reference replaced by `resolve(ref)`.
 * @example resolveSecretRefs({ token: { secret: 'api_token' }, limit: 10 }, get) // → { token: '…', limit: 10 }
 */
export function resolveSecretRefs(value: unknown, resolve: (ref: SecretRef) => string): unknown {
  if (isSecretRef(value)) return resolve(value);
  if (Array.isArray(value)) return value.map((v) => resolveSecretRefs(v, resolve));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSecretRefs(v, resolve)]));
  }
  return value;
}

/**
 * `url` with each query parameter that an endpoint's secret-referenced param
 * put there, and that a checkpoint stored as `***` (a next link the API built
 * from the request's query), set to its value again. Used when a chain resumes
 * from a stored next URL; other parameters are left as they are.
 */
export function restoreSecretParams(url: string, params: Readonly<Record<string, unknown>>, resolve: (ref: SecretRef) => string): string {
  const refs = Object.entries(params).filter((entry): entry is [string, SecretRef] => isSecretRef(entry[1]));
  if (refs.length === 0) return url;
  const parsed = new URL(url);
  let changed = false;
  for (const [name, ref] of refs) {
    if (parsed.searchParams.get(name) !== '***') continue;
    parsed.searchParams.set(name, resolve(ref));
    changed = true;
  }
  return changed ? parsed.toString() : url;
}
