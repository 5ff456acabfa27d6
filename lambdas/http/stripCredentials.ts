/**
 * A request that leaves the origin its credentials belong to (a next URL on
 * another host) goes without them: headers whose name says they carry a
 * credential, headers holding a registered secret value or a `Bearer`/`Basic`
 * value, and query parameters holding a registered secret (an API that copies
 * `api_key=…` into its next links) are all dropped.
 */
import { looksLikeCredentialHeader } from '../secrets/credentialFields';
import { containsSecret } from '../secrets/Redactor';
import { isSensitiveParam } from './redactUrl';

/** True when a header, by its name or its value, carries a credential. */
export function isCredentialHeader(name: string, value: string): boolean {
  return looksLikeCredentialHeader(name, value) || containsSecret(value);
}

/** A copy of `headers` without credentials. */
export function stripCredentials(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => !isCredentialHeader(name, value)));
}

/** True when some header of `headers` carries a credential. */
export function hasCredentialHeader(headers: Readonly<Record<string, string>>): boolean {
  return Object.entries(headers).some(([name, value]) => isCredentialHeader(name, value));
}

/**
 * `url` without the query parameters that hold a registered secret (or a
 * credential-named parameter whose value is a redacted `***` left by a checkpoint).
 */
export function stripCredentialParams(url: string): string {
  const parsed = new URL(url);
  const drop = [...parsed.searchParams].filter(([name, value]) => containsSecret(value) || (isSensitiveParam(name) && value === '***')).map(([name]) => name);
  if (drop.length === 0) return url;
  for (const name of drop) parsed.searchParams.delete(name);
  return parsed.toString();
}

/** True when a query parameter of `url` holds a registered secret. */
export function hasCredentialParam(url: string): boolean {
  return [...new URL(url).searchParams.values()].some((value) => containsSecret(value));
}
