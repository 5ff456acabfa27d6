/**
 * A reference to a secret kept in SSM Parameter Store, written in a source
 * definition in place of the secret itself.
 *
 * - `{ "ssm": "/any/parameter/path" }` names the parameter in full.
 * - `{ "secret": "api_token" }` means `<secrets_prefix>/<source name>/api_token`
 *   (`secrets_prefix` defaults to `/sluice`).
 */
export type SecretRef = SsmSecretRef | ShortSecretRef;

/** `{ "ssm": "/any/parameter/path" }`: a full SSM parameter path. */
export interface SsmSecretRef {
  readonly ssm: string;
}

/** `{ "secret": "api_token" }`: a name under `<secrets_prefix>/<source name>/`. */
export interface ShortSecretRef {
  readonly secret: string;
}

/** A plain string or a secret reference: what most string fields of `auth` and `headers` accept. */
export type StringOrSecret = string | SecretRef;

/**
 * Builds a full-path reference, for TypeScript sources.
 * @example auth: { type: 'bearer', token: ssm('/acme/prod/token') }
 */
export function ssm(path: string): SsmSecretRef {
  return { ssm: path };
}

/**
 * Builds a short reference, resolved under `<secrets_prefix>/<source name>/`.
 * @example auth: { type: 'bearer', token: secret('api_token') }
 */
export function secret(name: string): ShortSecretRef {
  return { secret: name };
}

/** True when `value` is a secret reference object. */
export function isSecretRef(value: unknown): value is SecretRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'ssm' || keys[0] === 'secret') && typeof (value as Record<string, unknown>)[keys[0]] === 'string';
}

/** The SSM parameter path a reference points to. */
export function parameterPath(ref: SecretRef, sourceName: string, secretsPrefix = '/sluice'): string {
  if ('ssm' in ref) return ref.ssm;
  return `${secretsPrefix.replace(/\/+$/, '')}/${sourceName}/${ref.secret}`;
}
