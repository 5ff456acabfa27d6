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
