/** SSM helpers shared by the secrets tests: seeded parameters and a client that counts or refuses calls. */
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { countingSsmClient, testSsmClient, uniqueName } from '../../support/aws';

/** A fresh parameter prefix, e.g. `/sluice-test-1a2b3c4d`. */
export function uniquePrefix(): string {
  return `/${uniqueName('sluice-test')}`;
}

/** Puts parameters into moto; values are SecureString unless a type is given. */
export async function putParameters(parameters: Record<string, string | { value: string; type: 'String' | 'StringList' | 'SecureString' }>): Promise<void> {
  const ssm = testSsmClient();
  for (const [name, p] of Object.entries(parameters)) {
    const { value, type } = typeof p === 'string' ? { value: p, type: 'SecureString' as const } : p;
    await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: type, Overwrite: true }));
  }
}

/** A moto SSM client that counts the API calls it sends. */
export const countingClient = countingSsmClient;

/**
 * A moto SSM client whose calls are refused the way IAM refuses them: an
 * `AccessDeniedException` with AWS's message naming the action and resource.
 * (moto does not enforce IAM for SSM, so the refusal is simulated in a middleware.)
 */
export function refusingClient(action: string, parameter: string): SSMClient {
  const client = testSsmClient();
  client.middlewareStack.add(
    () => async () => {
      const message =
        action === 'kms:Decrypt'
          ? `User: arn:aws:sts::123456789012:assumed-role/sluice-acme/fn is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:123456789012:key/1234abcd because no identity-based policy allows the kms:Decrypt action`
          : `User: arn:aws:sts::123456789012:assumed-role/sluice-acme/fn is not authorized to perform: ${action} on resource: arn:aws:ssm:us-east-1:123456789012:parameter${parameter} because no identity-based policy allows the ${action} action`;
      throw Object.assign(new Error(message), { name: 'AccessDeniedException', $fault: 'client' });
    },
    { step: 'initialize', name: 'refuse' },
  );
  return client;
}
