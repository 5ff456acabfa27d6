/**
 * Where `sluice init`'s probe finds secret values, and the template it leaves
 * for them. Values given as flags are held in memory only and win over a
 * `--secrets-file`; neither is ever written anywhere. The template lists the
 * parameter paths the source refers to with placeholders, in the form
 * `--secrets-file` reads.
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { SecretUse } from '../../../lambdas/model';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import type { SecretBatch, SecretStore } from '../../../lambdas/secrets/SecretStore';
import type { InitSecret } from './initAuth';

/** The parameter path of each of init's secrets, read from the validated draft's secret uses (the one resolution rule). */
export function secretPaths(secrets: readonly InitSecret[], uses: readonly SecretUse[]): Map<InitSecret, string> {
  const paths = new Map<InitSecret, string>();
  for (const secret of secrets) {
    const use = uses.find((u) => u.field.endsWith(`.${secret.name}`));
    if (use) paths.set(secret, use.parameter);
  }
  return paths;
}

/** Flag values over a secrets file (either may be absent): a store for the probe. */
export async function initSecretStore(flagValues: ReadonlyMap<string, string>, secretsFile: string | undefined): Promise<SecretStore> {
  const flags = new FileSecretStore(Object.fromEntries(flagValues));
  const file = secretsFile === undefined ? undefined : await FileSecretStore.load(secretsFile);
  if (!file) return flags;
  return {
    description: `${file.description}${flagValues.size ? ' and the secret flags' : ''}`,
    howToCreate: (path) => file.howToCreate(path),
    async getMany(paths): Promise<SecretBatch> {
      const given = await flags.getMany(paths);
      const rest = await file.getMany(given.missing);
      return { values: new Map([...given.values, ...rest.values]), missing: rest.missing };
    },
    // init never rotates a token; a put would only ever reach memory.
    put: (path, value) => flags.put(path, value),
  };
}

/**
 * Writes the secrets template `file` unless a file is there already (it may
 * be the user's filled-in secrets file: never overwritten, even with --force).
 * @returns true when it was written
 */
export function writeSecretsTemplate(file: string, paths: ReadonlyMap<InitSecret, string>): boolean {
  if (existsSync(file)) return false;
  const template = Object.fromEntries([...paths].map(([secret, path]) => [path, secret.placeholder]));
  writeFileSync(file, `${JSON.stringify(template, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return true;
}
