/**
 * Unusable SSM parameters (moto): missing, empty, a StringList. Each fails the
 * run before any API request, with one error naming every parameter path and
 * the config field that refers to it, and never a value.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSource } from '../../lambdas/config/validateSource';
import { InvalidSecretError } from '../../lambdas/errors/InvalidSecretError';
import { MissingSecretError } from '../../lambdas/errors/MissingSecretError';
import { RunFailedError } from '../../lambdas/errors/RunFailedError';
import { checkSource } from '../../lambdas/run/checkSource';
import { runSource } from '../../lambdas/run/runSource';
import { clearSecrets } from '../../lambdas/secrets/Redactor';
import { SsmSecretStore } from '../../lambdas/secrets/SsmSecretStore';
import { LocalStore } from '../../lambdas/sink/LocalStore';
import { testSsmClient } from '../support/aws';
import { startFakeApi } from '../support/fakeApi';
import type { FakeApi } from '../support/fakeApi';
import { putParameters, uniquePrefix } from '../lambdas/secrets/ssmHelpers';

// The field path as validation writes it: a key that is not an identifier is bracketed.
const TEAM_FIELD = 'client.headers["X-Team"]';

let api: FakeApi;
let dir: string;
let prefix: string;

beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());
beforeEach(() => {
  prefix = uniquePrefix();
  dir = mkdtempSync(join(tmpdir(), 'sluice-ssm-'));
  api.clearLog();
});
afterEach(() => {
  clearSecrets();
  rmSync(dir, { recursive: true, force: true });
});

/** A source whose bearer token is `{secret: token}` and whose `X-Team` header is `{ssm: <prefix>/shared/team}`. */
function source(): ReturnType<typeof validateSource> {
  return validateSource({
    name: 'acme',
    secrets_prefix: prefix,
    client: { base_url: api.baseUrl, auth: { type: 'bearer', token: { secret: 'token' } }, headers: { 'X-Team': { ssm: `${prefix}/shared/team` } } },
    resources: [{ name: 'items', endpoint: { path: '/bearer/offset/items', data_selector: 'data' } }],
  });
}

async function runError(): Promise<Error> {
  const store = new SsmSecretStore({ client: testSsmClient(), ttlSeconds: 0 });
  const error = await runSource({ source: source(), store: new LocalStore(dir), secrets: store, trigger: 'manual' }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(RunFailedError);
  expect(api.requests).toEqual([]);
  return (error as RunFailedError).cause as Error;
}

describe('unusable SSM parameters', () => {
  it('names every missing parameter, the field referring to it and how to create it, before any request', async () => {
    const cause = await runError();

    expect(cause).toBeInstanceOf(MissingSecretError);
    expect((cause as MissingSecretError).missing).toEqual(
      expect.arrayContaining([
        { path: `${prefix}/acme/token`, fields: ['client.auth.token'] },
        { path: `${prefix}/shared/team`, fields: [TEAM_FIELD] },
      ]),
    );
    expect((cause as MissingSecretError).missing).toHaveLength(2);
    expect(cause.message).toContain(`aws ssm put-parameter --region us-east-1 --type SecureString --name ${prefix}/acme/token`);
    expect((cause as MissingSecretError).kind).toBe('input');
  });

  it('refuses an empty (blank) parameter, naming it and its field', async () => {
    await putParameters({ [`${prefix}/acme/token`]: '   ', [`${prefix}/shared/team`]: 'team-a' });

    const cause = await runError();

    expect(cause).toBeInstanceOf(InvalidSecretError);
    expect(cause.message).toContain(`${prefix}/acme/token (referred to by client.auth.token) is empty`);
    expect(cause.message).not.toContain('team-a');
  });

  it('refuses a StringList parameter, naming it and its field and never its value', async () => {
    await putParameters({ [`${prefix}/acme/token`]: 'SECRET-list-part-1,SECRET-list-part-2', [`${prefix}/shared/team`]: { value: 'a,b', type: 'StringList' } });

    const cause = await runError();

    expect(cause).toBeInstanceOf(InvalidSecretError);
    expect(cause.message).toContain(`${prefix}/shared/team (referred to by ${TEAM_FIELD}) is a StringList`);
    expect(cause.message).not.toMatch(/SECRET-list|a,b/);
  });

  it('reports a missing parameter from check too, before any request', async () => {
    await putParameters({ [`${prefix}/acme/token`]: 'SECRET-check-token-1' });

    const error = await checkSource({ source: source(), secrets: new SsmSecretStore({ client: testSsmClient(), ttlSeconds: 0 }) }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );

    expect(error).toBeInstanceOf(MissingSecretError);
    expect(error?.message).toContain(`${prefix}/shared/team (referred to by ${TEAM_FIELD})`);
    expect(api.requests).toEqual([]);
  });
});
