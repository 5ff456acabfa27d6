/**
 * Resolves every secret reference of a source together, before any API
 * request: one `getMany` (SSM: batches of 10, cached), one error naming every
 * missing parameter, credentials length-checked and registered with the
 * Redactor. Identifiers (`username`, `client_id`, …) are resolved but not
 * registered: they are data, never scrubbed from records.
 */
import type { SourceModel } from '../model';
import { InvalidSecretError } from '../errors/InvalidSecretError';
import { MissingSecretError } from '../errors/MissingSecretError';
import { ShortSecretError } from '../errors/ShortSecretError';
import { credentialNamedStrings, looksLikeCredentialHeader } from './credentialFields';
import { addSecret, MIN_SECRET_LENGTH } from './Redactor';
import { parameterPath } from './SecretRef';
import type { SecretRef } from './SecretRef';
import type { SecretStore } from './SecretStore';
import type { SecretValues } from './SecretValues';

function howToCreate(store: SecretStore): (path: string) => string {
  return (path) => store.howToCreate?.(path) ?? `aws ssm put-parameter --type SecureString --name ${path} --value '...'`;
}

/**
 * Credentials written as plain strings (`allow_plaintext_secrets`): headers,
 * registered whole and without their `Bearer`/`Basic` scheme, and query
 * parameters and body fields named like a credential, registered from the
 * definition since no reference brings them in.
 */
function plaintextCredentials(source: SourceModel): string[] {
  const out = new Set<string>();
  for (const resource of source.resources) {
    const endpoint = resource.endpoint;
    for (const [name, value] of Object.entries(endpoint.headers)) {
      if (typeof value !== 'string' || !looksLikeCredentialHeader(name, value)) continue;
      out.add(value.trim());
      out.add(value.replace(/^\s*(?:bearer|basic|token)\s+/i, '').trim());
    }
    const body = endpoint.body.kind === 'none' ? undefined : endpoint.body.value;
    for (const { value } of [...credentialNamedStrings(endpoint.params), ...credentialNamedStrings(body)]) out.add(value);
  }
  return [...out];
}

/**
 * Reads every parameter `source.secrets` refers to.
 * @throws MissingSecretError naming every missing path, the fields referring to it, the store and how to create it
 * @throws ShortSecretError naming every credential shorter than 8 characters (unless `allow_short_secrets`)
 * @throws SecretAccessDeniedError / InvalidSecretError from the store
 */
export async function resolveSecrets(source: SourceModel, store: SecretStore): Promise<SecretValues> {
  const fieldsOf = new Map<string, string[]>();
  const credentialFieldsOf = new Map<string, string[]>();
  for (const use of source.secrets) {
    fieldsOf.set(use.parameter, [...(fieldsOf.get(use.parameter) ?? []), use.field]);
    if (use.credential) credentialFieldsOf.set(use.parameter, [...(credentialFieldsOf.get(use.parameter) ?? []), use.field]);
  }
  const { values, missing } =
    fieldsOf.size > 0
      ? await store.getMany([...fieldsOf.keys()]).catch((error: unknown) => {
          throw error instanceof InvalidSecretError ? error.withFields(fieldsOf) : error;
        })
      : { values: new Map<string, string>(), missing: [] };
  if (missing.length > 0) {
    throw new MissingSecretError(
      missing.map((path) => ({ path, fields: fieldsOf.get(path) ?? [] })),
      store.description,
      howToCreate(store),
    );
  }
  const credentials = [...credentialFieldsOf].flatMap(([path, fields]) => {
    const value = values.get(path);
    return value === undefined ? [] : [{ path, fields, value }];
  });
  const short = credentials.filter((c) => c.value.length < MIN_SECRET_LENGTH);
  if (short.length > 0 && !source.allowShortSecrets) {
    throw new ShortSecretError(
      short.map(({ path, fields, value }) => ({ path, fields, length: value.length })),
      MIN_SECRET_LENGTH,
      store.description,
    );
  }
  for (const { value } of credentials) addSecret(value);
  for (const value of plaintextCredentials(source)) addSecret(value);

  const pathOf = (ref: SecretRef): string => parameterPath(ref, source.name, source.secretsPrefix);
  return {
    pathOf,
    get(ref) {
      const path = pathOf(ref);
      const value = values.get(path);
      if (value === undefined) {
        // A reference the source did not declare (a custom strategy reading a computed ref).
        throw new MissingSecretError([{ path, fields: ['(a reference not declared in the source definition)'] }], store.description, howToCreate(store));
      }
      return value;
    },
    async put(ref, value) {
      const path = pathOf(ref);
      // Registered first, so nothing logged while writing can show it (only credentials are written back).
      addSecret(value);
      await store.put(path, value);
      values.set(path, value);
    },
  };
}
