import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { InvalidSecretError } from '../../../lambdas/errors/InvalidSecretError';
import { SecretAccessDeniedError } from '../../../lambdas/errors/SecretAccessDeniedError';
import { clearSecretCache } from '../../../lambdas/secrets/secretCache';
import { SsmSecretStore, ssmRoundTrips } from '../../../lambdas/secrets/SsmSecretStore';
import { testSsmClient } from '../../support/aws';
import { countingClient, putParameters, refusingClient, uniquePrefix } from './ssmHelpers';

beforeEach(() => clearSecretCache());

describe('SsmSecretStore', () => {
  describe('getMany', () => {
    it('reads and decrypts 12 parameters in two GetParameters batches', async () => {
      const prefix = uniquePrefix();
      const params = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`${prefix}/p${i}`, `value-${i}`]));
      await putParameters(params);
      const { client, calls } = countingClient();
      const roundTrips: string[] = [];
      const store = new SsmSecretStore({ client, onRoundTrip: (op) => roundTrips.push(op) });

      const { values, missing } = await store.getMany(Object.keys(params));

      expect(Object.fromEntries(values)).toEqual(params);
      expect(missing).toEqual([]);
      expect(calls()).toBe(2);
      expect(roundTrips).toEqual(['GetParameters', 'GetParameters']);
    });

    it('collects every missing parameter instead of throwing on the first', async () => {
      const prefix = uniquePrefix();
      await putParameters({ [`${prefix}/there`]: 'here-it-is' });
      const store = new SsmSecretStore({ client: testSsmClient() });

      const { values, missing } = await store.getMany([`${prefix}/gone1`, `${prefix}/there`, `${prefix}/gone2`]);

      expect([...values.keys()]).toEqual([`${prefix}/there`]);
      expect(missing.sort()).toEqual([`${prefix}/gone1`, `${prefix}/gone2`]);
    });

    it('makes no SSM call when a warm second resolution finds every value cached', async () => {
      const prefix = uniquePrefix();
      await putParameters({ [`${prefix}/a`]: 'alpha-value', [`${prefix}/b`]: 'beta-value' });
      const { client, calls } = countingClient();
      const store = new SsmSecretStore({ client, ttlSeconds: 300 });
      await store.getMany([`${prefix}/a`, `${prefix}/b`]);
      const before = ssmRoundTrips();

      // A second store on the same client: the cache is module scope, like a warm invocation's.
      const again = await new SsmSecretStore({ client, ttlSeconds: 300 }).getMany([`${prefix}/a`, `${prefix}/b`]);

      expect(again.values.get(`${prefix}/a`)).toBe('alpha-value');
      expect(calls()).toBe(1);
      expect(ssmRoundTrips() - before).toBe(0);
    });

    it('reads SSM again once the TTL has passed, and always with forceFetch', async () => {
      const prefix = uniquePrefix();
      await putParameters({ [`${prefix}/a`]: 'first-value' });
      const { client, calls } = countingClient();
      let now = 1_000_000;
      const store = new SsmSecretStore({ client, ttlSeconds: 60, now: () => now });
      await store.getMany([`${prefix}/a`]);
      await putParameters({ [`${prefix}/a`]: 'second-value' });

      now += 59_000;
      expect((await store.getMany([`${prefix}/a`])).values.get(`${prefix}/a`)).toBe('first-value');
      now += 1_000;
      expect((await store.getMany([`${prefix}/a`])).values.get(`${prefix}/a`)).toBe('second-value');
      await new SsmSecretStore({ client, forceFetch: true, now: () => now }).getMany([`${prefix}/a`]);
      expect(calls()).toBe(3);
    });

    it('refuses a StringList parameter, naming it and not its value', async () => {
      const prefix = uniquePrefix();
      await putParameters({ [`${prefix}/list`]: { value: 'one,two', type: 'StringList' } });
      const store = new SsmSecretStore({ client: testSsmClient() });

      const error = await store.getMany([`${prefix}/list`]).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(InvalidSecretError);
      expect((error as Error).message).toContain(`${prefix}/list is a StringList`);
      expect((error as Error).message).toContain('region us-east-1');
      expect((error as Error).message).not.toContain('one,two');
    });

    it('names the parameter and ssm:GetParameters when access is denied', async () => {
      const path = `${uniquePrefix()}/token`;
      const store = new SsmSecretStore({ client: refusingClient('ssm:GetParameters', path) });

      const error = await store.getMany([path, `${path}-other`]).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(SecretAccessDeniedError);
      expect(error).toMatchObject({ code: 'secret_access_denied', kind: 'input', action: 'ssm:GetParameters', parameters: [path] });
      expect((error as Error).message).toMatch(new RegExp(`access denied to secret parameter ${path} in SSM Parameter Store \\(region us-east-1\\): the role is not allowed ssm:GetParameters`));
    });

    it('names kms:Decrypt when the key refuses to decrypt', async () => {
      const path = `${uniquePrefix()}/token`;
      const store = new SsmSecretStore({ client: refusingClient('kms:Decrypt', path) });

      const error = await store.getMany([path]).catch((e: unknown) => e);

      expect(error).toMatchObject({ action: 'kms:Decrypt', parameters: [path] });
      expect((error as Error).message).toContain('grant kms:Decrypt on it (on the KMS key that encrypts the SecureString)');
    });
  });

  describe('put', () => {
    it('overwrites the parameter as a SecureString and updates the cache', async () => {
      const path = `${uniquePrefix()}/refresh_token`;
      await putParameters({ [path]: 'old-refresh-token' });
      const { client, calls } = countingClient();
      const store = new SsmSecretStore({ client });
      await store.getMany([path]);

      await store.put(path, 'new-refresh-token');
      const cached = await store.getMany([path]);

      const stored = await testSsmClient().send(new GetParameterCommand({ Name: path, WithDecryption: true }));
      expect(stored.Parameter).toMatchObject({ Value: 'new-refresh-token', Type: 'SecureString' });
      expect(cached.values.get(path)).toBe('new-refresh-token');
      expect(calls()).toBe(2);
    });

    it('names ssm:PutParameter when writing back is denied', async () => {
      const path = `${uniquePrefix()}/refresh_token`;
      const store = new SsmSecretStore({ client: refusingClient('ssm:PutParameter', path) });

      await expect(store.put(path, 'new-refresh-token')).rejects.toMatchObject({ action: 'ssm:PutParameter', parameters: [path] });
    });
  });

  it('gives the region and the put-parameter command for messages', async () => {
    const store = new SsmSecretStore({ client: testSsmClient() });
    await store.getMany([]);
    expect(store.description).toBe('SSM Parameter Store (region us-east-1)');
    expect(store.howToCreate('/a/b')).toBe("aws ssm put-parameter --region us-east-1 --type SecureString --name /a/b --value '...'");
  });
});
