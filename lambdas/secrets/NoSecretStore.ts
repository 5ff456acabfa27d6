/**
 * The secret store of a function whose source references no secrets. Such a
 * function is bundled without the SSM client (its init does not load code it
 * never runs, ≈20 ms of every cold start) and gets no SSM permission: there is
 * nothing to read. Asked for a parameter all the same, it fails saying why,
 * instead of reporting the parameter missing.
 */
import type { SecretBatch, SecretStore } from './SecretStore';

function refuse(paths: readonly string[]): never {
  throw new Error(
    `no secret store: this function was built for a source without secret references, yet ${paths.join(', ')} was asked for; ` +
      'run `cdk deploy` again so the function is rebuilt from the source as it is now',
  );
}

/** A {@link SecretStore} that holds nothing; for a source with no `{ssm}` / `{secret}` reference. */
export const NO_SECRETS: SecretStore = Object.freeze({
  description: 'no secret store (the source references no secrets)',
  async getMany(paths: readonly string[]): Promise<SecretBatch> {
    if (paths.length > 0) refuse(paths);
    return { values: new Map<string, string>(), missing: [] };
  },
  async put(path: string): Promise<void> {
    refuse([path]);
  },
});
