/** A secret store for sources without secret references (none is ever asked for). */
import type { SecretStore } from '../../../lambdas/secrets/SecretStore';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';

/** An empty store. */
export function noSecrets(): SecretStore {
  return new FileSecretStore({});
}
