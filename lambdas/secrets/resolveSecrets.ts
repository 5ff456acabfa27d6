/**
 * Resolves every secret reference of a source together, before any API
 * request: one `getMany` (SSM: batches of 10, cached), one error naming every
 * missing parameter, and every value registered with the Redactor.
 */
import type { NormalizedSource } from '../config/NormalizedSource';
import { InvalidSecretError } from '../errors/InvalidSecretError';
import { MissingSecretError } from '../errors/MissingSecretError';
import { addSecret } from './Redactor';
import { parameterPath } from './SecretRef';
import type { SecretRef } from './SecretRef';
import type { SecretStore } from './SecretStore';
import type { SecretValues } from './SecretValues';

function howToCreate(store: SecretStore): (path: string) => string {
  return (path) => store.howToCreate?.(path) ?? `aws ssm put-parameter --type SecureString --name ${path} --value '...'`;
}

/**
 * Reads every parameter `source.secrets` refers to.
 * @throws MissingSecretError naming every missing path, the fields referring to it, the store and how to create it
 * @throws SecretAccessDeniedError / InvalidSecretError from the store
 */
export async function resolveSecrets(source: NormalizedSource, store: SecretStore): Promise<SecretValues> {
  const fieldsOf = new Map<string, string[]>();
  for (const use of source.secrets) {
    const fields = fieldsOf.get(use.parameter) ?? [];
    fields.push(use.field);
    fieldsOf.set(use.parameter, fields);
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
  for (const value of values.values()) addSecret(value);

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
      // Registered first, so nothing logged while writing can show it.
      addSecret(value);
      await store.put(path, value);
      values.set(path, value);
    },
  };
}
