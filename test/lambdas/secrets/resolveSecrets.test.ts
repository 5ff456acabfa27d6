import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { validateSource } from '../../../lambdas/config/validateSource';
import { MissingSecretError } from '../../../lambdas/errors/MissingSecretError';
import { ShortSecretError } from '../../../lambdas/errors/ShortSecretError';
import { clearSecrets, redact } from '../../../lambdas/secrets/Redactor';
import { resolveSecrets } from '../../../lambdas/secrets/resolveSecrets';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { clearSecretCache } from '../../../lambdas/secrets/secretCache';
import { SsmSecretStore } from '../../../lambdas/secrets/SsmSecretStore';
import { testSsmClient } from '../../support/aws';
import { countingClient, putParameters, uniquePrefix } from './ssmHelpers';

beforeEach(() => {
  clearSecretCache();
  clearSecrets();
});

function oauthSource(prefix: string) {
  return validateSource({
    name: 'acme',
    secrets_prefix: prefix,
    client: {
      base_url: 'https://api.acme.example/v1/',
      headers: { 'X-Tenant': { ssm: `${prefix}/shared/tenant` } },
      auth: {
        type: 'oauth2_refresh_token',
        access_token_url: 'https://auth.acme.example/token',
        client_id: { secret: 'client_id' },
        client_secret: { secret: 'client_secret' },
        refresh_token: { secret: 'refresh_token' },
      },
    },
    resources: [{ name: 'orders', endpoint: { path: 'orders', auth: { type: 'bearer', token: { secret: 'client_secret' } } } }],
  });
}

describe('resolveSecrets', () => {
  it('resolves every reference in one SSM round trip and registers each credential, not the identifiers, with the Redactor', async () => {
    const prefix = uniquePrefix();
    await putParameters({
      [`${prefix}/acme/client_id`]: 'client-id-1',
      [`${prefix}/acme/client_secret`]: 'client-secret-1',
      [`${prefix}/acme/refresh_token`]: 'refresh-token-1',
      [`${prefix}/shared/tenant`]: 'tenant-42',
    });
    const { client, calls } = countingClient();

    const secrets = await resolveSecrets(oauthSource(prefix), new SsmSecretStore({ client }));

    expect(secrets.get({ secret: 'client_secret' })).toBe('client-secret-1');
    expect(secrets.get({ ssm: `${prefix}/shared/tenant` })).toBe('tenant-42');
    expect(secrets.pathOf({ secret: 'refresh_token' })).toBe(`${prefix}/acme/refresh_token`);
    expect(calls()).toBe(1);
    // client_id is an identifier: records that name it keep it. A secret-referenced header is a credential.
    expect(redact('id client-id-1 secret client-secret-1 rt refresh-token-1 tenant tenant-42')).toBe('id client-id-1 secret *** rt *** tenant ***');
  });

  it('refuses credentials shorter than 8 characters, naming each parameter and field, unless allow_short_secrets', async () => {
    const source = (extra: Record<string, unknown>) =>
      validateSource({
        name: 'acme',
        client: {
          base_url: 'https://api.acme.example/v1/',
          headers: { 'X-Shard': { ssm: '/t/shard' } },
          auth: { type: 'http_basic', username: { ssm: '/t/user' }, password: { ssm: '/t/pw' } },
        },
        resources: ['orders'],
        ...extra,
      });
    // The user name is an identifier: short is fine.
    const store = new FileSecretStore({ '/t/shard': '10000', '/t/user': 'bob', '/t/pw': 'hunter2' }, 'test secrets');

    const error = await resolveSecrets(source({}), store).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ShortSecretError);
    expect(error).toMatchObject({ kind: 'input', code: 'secret_invalid' });
    expect((error as Error).message).toBe(
      'credentials shorter than 8 characters in secrets file test secrets:\n' +
        '  - /t/shard (referred to by client.headers["X-Shard"]) has 5 characters\n' +
        '  - /t/pw (referred to by client.auth.password) has 7 characters',
    );
    const secrets = await resolveSecrets(source({ allow_short_secrets: true }), store);
    expect(secrets.get({ ssm: '/t/pw' })).toBe('hunter2');
    expect(redact('pw hunter2, user bob')).toBe('pw ***, user bob');
  });

  it('fails once, naming every missing parameter with its fields, the region and the put-parameter command', async () => {
    const prefix = uniquePrefix();
    await putParameters({ [`${prefix}/acme/client_id`]: 'client-id-1' });

    const error = await resolveSecrets(oauthSource(prefix), new SsmSecretStore({ client: testSsmClient() })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MissingSecretError);
    expect(error).toMatchObject({ code: 'secret_missing', kind: 'input', location: 'SSM Parameter Store (region us-east-1)' });
    const message = (error as Error).message;
    expect(message).toContain('3 secret parameters not found in SSM Parameter Store (region us-east-1)');
    expect(message).toContain(`${prefix}/acme/client_secret (referred to by client.auth.client_secret, resources[0].endpoint.auth.token)`);
    expect(message).toContain(`${prefix}/acme/refresh_token (referred to by client.auth.refresh_token)`);
    expect(message).toContain(`${prefix}/shared/tenant (referred to by client.headers["X-Tenant"])`);
    expect(message).toContain(`aws ssm put-parameter --region us-east-1 --type SecureString --name ${prefix}/acme/client_secret --value '...'`);
    expect(message).not.toContain('client-id-1');
  });

  it('names the secrets file when a path is missing from it', async () => {
    const prefix = uniquePrefix();
    const store = new FileSecretStore({ [`${prefix}/acme/client_id`]: 'id', [`${prefix}/acme/client_secret`]: 'secret-value' }, '/tmp/local-secrets.json');

    await expect(resolveSecrets(oauthSource(prefix), store)).rejects.toThrow(
      new RegExp(`not found in secrets file /tmp/local-secrets.json:[\\s\\S]*add "${prefix}/acme/refresh_token": "..." to /tmp/local-secrets.json`),
    );
  });

  it('writes a put value to the store first, then serves and redacts it', async () => {
    const prefix = uniquePrefix();
    await putParameters({
      [`${prefix}/acme/client_id`]: 'client-id-1',
      [`${prefix}/acme/client_secret`]: 'client-secret-1',
      [`${prefix}/acme/refresh_token`]: 'refresh-token-1',
      [`${prefix}/shared/tenant`]: 'tenant-42',
    });
    const secrets = await resolveSecrets(oauthSource(prefix), new SsmSecretStore({ client: testSsmClient() }));

    await secrets.put({ secret: 'refresh_token' }, 'refresh-token-2');

    const stored = await testSsmClient().send(new GetParameterCommand({ Name: `${prefix}/acme/refresh_token`, WithDecryption: true }));
    expect(stored.Parameter?.Value).toBe('refresh-token-2');
    expect(secrets.get({ secret: 'refresh_token' })).toBe('refresh-token-2');
    expect(redact('refresh-token-2')).toBe('***');
  });

  it('makes no store call for a source without references', async () => {
    const source = validateSource({ name: 'open', client: { base_url: 'https://x.example/' }, resources: ['a'] });
    const { client, calls } = countingClient();
    await resolveSecrets(source, new SsmSecretStore({ client }));
    expect(calls()).toBe(0);
  });
});
