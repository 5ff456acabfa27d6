/**
 * Which values of a source are credentials: the one place that says it, read by
 * validation (credentials must be secret references), resolution (credentials
 * are length-checked and registered with the Redactor) and the HTTP client
 * (credential headers never go to another origin).
 *
 * Credentials are the `auth` fields named like one (`token`, `api_key`,
 * `password`, `client_secret`, `refresh_token`, and for custom strategies any
 * field ending in `token`, `key`, `secret` or `password`) and every secret
 * reference in `headers`, `params`, `json` or `data`. Other `auth` fields
 * (`username`, `client_id`, `account_id`, `access_token_url`, …) are
 * identifiers, even when they come from SSM: they are never scrubbed from records.
 */

/** Fields of an `auth` block that are credentials: they must be secret references unless `allow_plaintext_secrets`. */
export const CREDENTIAL_FIELDS: readonly string[] = Object.freeze(['token', 'api_key', 'password', 'client_secret', 'refresh_token']);

const CREDENTIAL_NAME = /(?:^|[_-])(?:token|key|secret|password|passwd|passphrase|assertion)$/i;

/**
 * True when the field `key` of an `auth` block holds a credential. `http_basic`
 * without a password (Stripe's secret key as the username) makes its username one.
 */
export function isCredentialAuthField(key: string, auth: Readonly<Record<string, unknown>>): boolean {
  if (key === 'name' || key === 'type') return false;
  if (CREDENTIAL_FIELDS.includes(key) || CREDENTIAL_NAME.test(key)) return true;
  return key === 'username' && auth.type === 'http_basic' && auth.password === undefined;
}

const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie|api-?key|x-api-?key|.*[-_](?:token|key|secret|session|password|auth))$/i;
const CREDENTIAL_VALUE = /^\s*(?:bearer|basic|token)\s+\S/i;

/** True when a header's name (`Authorization`, `Cookie`, `*-Token`, `*-Key`, …) or value (`Bearer …`, `Basic …`) says it carries a credential. */
export function looksLikeCredentialHeader(name: string, value: string): boolean {
  return CREDENTIAL_HEADER.test(name) || CREDENTIAL_VALUE.test(value);
}
