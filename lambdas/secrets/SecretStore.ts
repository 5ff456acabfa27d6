/**
 * Where secret values come from: SSM Parameter Store in the Lambda and by
 * default in the CLI ({@link SsmSecretStore}), or a local `--secrets-file`
 * ({@link FileSecretStore}). {@link resolveSecrets} asks for every path of a
 * source at once and reports what is missing in one error.
 */

/** The answer to {@link SecretStore.getMany}. */
export interface SecretBatch {
  /** Values found, by parameter path. */
  readonly values: Map<string, string>;
  /** Paths that do not exist in the store. */
  readonly missing: string[];
}

/** A store of secret values addressed by SSM parameter path. */
export interface SecretStore {
  /** Where values are looked up, for messages: `SSM Parameter Store (region eu-west-1)`, `secrets file ./s.json`. */
  readonly description: string;
  /**
   * Reads every path at once. Missing paths are returned in `missing`, not
   * thrown one by one; refused access and unusable values throw.
   */
  getMany(paths: readonly string[]): Promise<SecretBatch>;
  /** Writes a value durably (a rotated refresh token) and updates any cache. */
  put(path: string, value: string): Promise<void>;
  /** How a user creates a missing parameter, e.g. the `aws ssm put-parameter` command. */
  howToCreate?(path: string): string;
}
