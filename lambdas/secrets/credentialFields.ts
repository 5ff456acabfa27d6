/**
 * Which values of a source are credentials: the one place that says it, read by
 * validation (credentials must be secret references), resolution (credentials
 * are length-checked and registered with the Redactor), the HTTP client
 * (credential headers never go to another origin) and the OAuth2 token cache
 * (credential form fields are left out of its key).
 *
 * Credentials are the `auth` fields named like one (`token`, `api_key`,
 * `password`, `client_secret`, `refresh_token`, and for custom strategies any
 * field ending in `token`, `key`, `secret` or `password`) and every secret
 * reference in `headers`, `params`, `json` or `data`; a header, query
 * parameter or body field named like one must be a reference. Other `auth` fields
 * (`username`, `client_id`, `account_id`, `access_token_url`, …) are
 * identifiers, even when they come from SSM: they are never scrubbed from records.
 */
import { isSecretRef } from './SecretRef';

/** Fields of an `auth` block that are credentials: they must be secret references unless `allow_plaintext_secrets`. */
export const CREDENTIAL_AUTH_FIELDS: readonly string[] = Object.freeze(['token', 'api_key', 'password', 'client_secret', 'refresh_token']);

/**
 * Fields of an OAuth2 token request's form that carry a credential (the grant's
 * secrets, a JWT assertion, an authorization code and its verifier): never part of
 * the token cache key, so a rotated refresh token keeps its cached access token.
 * Form fields, not `auth` fields: `assertion` or `code` are what a custom grant sends,
 * whatever its block calls them.
 */
export const TOKEN_FORM_CREDENTIAL_FIELDS: ReadonlySet<string> = new Set(['client_secret', 'refresh_token', 'password', 'assertion', 'client_assertion', 'code', 'code_verifier']);

const CREDENTIAL_NAME = /(?:^|[_-])(?:token|key|secret|password|passwd|passphrase|assertion)$/i;

/**
 * True when the field `key` of an `auth` block holds a credential. `http_basic`
 * without a password, or with the empty one (Stripe's secret key as the username),
 * makes its username one.
 */
export function isCredentialAuthField(key: string, auth: Readonly<Record<string, unknown>>): boolean {
  if (key === 'name' || key === 'type') return false;
  if (CREDENTIAL_AUTH_FIELDS.includes(key) || CREDENTIAL_NAME.test(key)) return true;
  // An empty password written out is the same empty password.
  return key === 'username' && auth.type === 'http_basic' && (auth.password === undefined || auth.password === '');
}

const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie|api-?key|x-api-?key|.*[-_](?:token|key|secret|session|password|auth))$/i;
const CREDENTIAL_VALUE = /^\s*(?:bearer|basic|token)\s+\S/i;

/** True when a header's name (`Authorization`, `Cookie`, `*-Token`, `*-Key`, …) or value (`Bearer …`, `Basic …`) says it carries a credential. */
export function looksLikeCredentialHeader(name: string, value: string): boolean {
  return CREDENTIAL_HEADER.test(name) || CREDENTIAL_VALUE.test(value);
}

const CREDENTIAL_PARAM = /^(?:.*[_-])?(?:api[_-]?key|key|token|access[_-]?token|secret|client[_-]?secret|password|passwd|signature|sig|auth)$/i;

/** True when a query parameter's or body field's name (`api_key`, `access_token`, `client_secret`, `sig`, …) says it holds a credential. */
export function looksLikeCredentialParam(name: string): boolean {
  return CREDENTIAL_PARAM.test(name);
}

/** A plain string under a credential-looking name, with where it is. */
export interface NamedCredential {
  /** The path below the value walked, e.g. `['api_key']`, `['auth', 'token']`. */
  readonly at: readonly PropertyKey[];
  readonly name: string;
  readonly value: string;
}

/**
 * Every plain string in `params`, a `json` body (at any depth) or a `data` form
 * (an object, or a form-encoded string) held under a name that
 * {@link looksLikeCredentialParam}. Secret references are not plain strings and
 * are left out, and so are empty strings and strings with a placeholder (their
 * value comes from a parent record or the cursor, not from the file).
 */
export function credentialNamedStrings(value: unknown, at: readonly PropertyKey[] = []): NamedCredential[] {
  const out: NamedCredential[] = [];
  const plain = (v: unknown): v is string => typeof v === 'string' && v !== '' && !/\{[^{}]*\}/.test(v);
  const walk = (node: unknown, path: readonly PropertyKey[], name: string | undefined): void => {
    if (plain(node)) {
      if (name !== undefined && looksLikeCredentialParam(name)) out.push({ at: path, name, value: node });
    } else if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, [...path, i], name));
    } else if (node !== null && typeof node === 'object' && !isSecretRef(node)) {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k], k);
    }
  };
  if (typeof value === 'string' && value.includes('=')) {
    for (const [k, v] of new URLSearchParams(value)) walk(v, [...at, k], k);
  } else walk(value, at, undefined);
  return out;
}
