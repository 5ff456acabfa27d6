/**
 * Headers for a request that leaves base_url's origin (a next URL or redirect
 * to another host): credential headers and any header holding a registered
 * secret value are dropped.
 */
import { containsSecret } from '../secrets/Redactor';

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key']);

/** A copy of `headers` without credentials. */
export function stripCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name, value]) => !CREDENTIAL_HEADERS.has(name.toLowerCase()) && !containsSecret(value)),
  );
}
