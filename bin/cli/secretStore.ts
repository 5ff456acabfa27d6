/**
 * Where the CLI reads secrets: a `--secrets-file` (a JSON object of parameter
 * path → value; SSM is not consulted at all), else SSM Parameter Store through
 * the standard AWS credential chain (`AWS_PROFILE`, `AWS_REGION`,
 * `AWS_ENDPOINT_URL`).
 */
import type { SourceModel } from '../../lambdas/model';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import type { SecretStore } from '../../lambdas/secrets/SecretStore';
import { SsmSecretStore } from '../../lambdas/secrets/SsmSecretStore';

/**
 * The secret store for a command, given its `--secrets-file` (if any).
 * @throws SecretsFileError when the file is unreadable or not a JSON object
 */
export async function secretStoreFor(source: SourceModel, secretsFile: string | undefined): Promise<SecretStore> {
  if (secretsFile !== undefined) return FileSecretStore.load(secretsFile);
  return new SsmSecretStore({ ttlSeconds: source.run.secretsTtlSeconds });
}
