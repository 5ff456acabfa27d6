import { clearTokenCache, tokenRequestCount } from '../../../lambdas/auth/tokenCache';
import { AuthError } from '../../../lambdas/errors/AuthError';
import { clearSecrets } from '../../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { buildAuth, startScripted } from './authHarness';
import type { ScriptedServer } from './authHarness';

const SECRETS = { '/sluice/acme/client_id': 'acme-client', '/sluice/acme/client_secret': 'cl1ent-s3cret-value' };
const store = () => new FileSecretStore(SECRETS);

function definition(tokenUrl: string, auth: Record<string, unknown> = {}) {
  return {
    name: 'acme',
    client: {
      base_url: 'https://api.acme.example/',
      auth: { type: 'oauth2_client_credentials', access_token_url: tokenUrl, client_id: { secret: 'client_id' }, client_secret: { secret: 'client_secret' }, ...auth },
    },
    resources: ['items'],
  };
}

let server: ScriptedServer | undefined;
beforeEach(() => {
  clearTokenCache();
  clearSecrets();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function form(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

describe('OAuth2ClientCredentials', () => {
  describe('buildTokenRequest', () => {
    it('sends id and secret as form fields, scopes space-separated, audience, and extra data merged last', async () => {
      server = await startScripted([{ status: 200, body: { access_token: 'at-1', expires_in: 3600 } }]);
      const { strategy } = await buildAuth(
        definition(`${server.url}/oauth/token`, { scopes: ['read', 'write'], audience: 'https://api.acme.example', access_token_request_data: { grant_type: 'urn:acme:grant', resource: 'r1' } }),
        store(),
      );

      const request = await strategy.authenticate(new Request('https://api.acme.example/items'));

      expect(request.headers.get('authorization')).toBe('Bearer at-1');
      const sent = server.requests[0];
      expect(sent.method).toBe('POST');
      expect(sent.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      expect(form(sent.body)).toEqual({
        grant_type: 'urn:acme:grant',
        scope: 'read write',
        audience: 'https://api.acme.example',
        client_id: 'acme-client',
        client_secret: 'cl1ent-s3cret-value',
        resource: 'r1',
      });
    });

    it('sends the client credentials as a Basic header with client_auth basic', async () => {
      server = await startScripted([{ status: 200, body: { access_token: 'at-1' } }]);
      const { strategy } = await buildAuth(definition(`${server.url}/oauth/token`, { client_auth: 'basic', scopes: 'read' }), store());

      await strategy.authenticate(new Request('https://api.acme.example/items'));

      const sent = server.requests[0];
      expect(sent.headers.authorization).toBe(`Basic ${Buffer.from('acme-client:cl1ent-s3cret-value').toString('base64')}`);
      expect(form(sent.body)).toEqual({ grant_type: 'client_credentials', scope: 'read' });
    });
  });

  describe('token endpoint failures', () => {
    it('retries a 503 and a 429 like any request, then uses the token', async () => {
      server = await startScripted([
        { status: 503, body: { error: 'unavailable' } },
        { status: 429, body: {}, headers: { 'retry-after': '0' } },
        { status: 200, body: { access_token: 'at-after-retries' } },
      ]);
      const built = await buildAuth(definition(`${server.url}/oauth/token`), store(), { retries: 3 });

      const request = await built.strategy.authenticate(new Request('https://api.acme.example/items'));

      expect(request.headers.get('authorization')).toBe('Bearer at-after-retries');
      expect(server.requests).toHaveLength(3);
      expect(built.counts).toEqual({ tokenRequests: 1, retries: 2 });
      expect(tokenRequestCount()).toBe(1);
    });

    it('raises an AuthError with the status and the OAuth error, never the client secret', async () => {
      server = await startScripted([{ status: 401, body: { error: 'invalid_client', error_description: 'client cl1ent-s3cret-value is not known' } }]);
      const built = await buildAuth(definition(`${server.url}/oauth/token`), store());

      const error = await Promise.resolve(built.strategy.authenticate(new Request('https://api.acme.example/items'))).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(AuthError);
      expect(error).toMatchObject({ code: 'auth_failed', kind: 'run', status: 401, error: 'invalid_client', errorDescription: 'client *** is not known' });
      expect((error as Error).message).toBe(`${server.url}/oauth/token (status 401): the token endpoint refused the request; error: invalid_client (client *** is not known)`);
      expect(server.requests).toHaveLength(1);
      expect(JSON.stringify(built.logs)).not.toContain('cl1ent-s3cret-value');
    });

    it('raises an AuthError naming the keys when the response has no access_token', async () => {
      server = await startScripted([{ status: 200, body: { token: 'x', expires_in: 10 } }]);
      const { strategy } = await buildAuth(definition(`${server.url}/oauth/token`), store());
      await expect(Promise.resolve(strategy.authenticate(new Request('https://api.acme.example/')))).rejects.toThrow(/no access_token \(keys: token, expires_in\)/);
    });
  });

  describe('parseExpiresIn', () => {
    it.each([
      ['a number', 120, 120],
      ['a numeric string', '120', 120],
      ['absent (default_token_expiration)', undefined, 200],
    ])('reads expires_in given as %s', async (_what, expiresIn, lifetime) => {
      server = await startScripted([
        { status: 200, body: { access_token: 'at-1', expires_in: expiresIn } },
        { status: 200, body: { access_token: 'at-2', expires_in: expiresIn } },
      ]);
      let now = 0;
      const { strategy } = await buildAuth(definition(`${server.url}/oauth/token`, { default_token_expiration: 200 }), store(), { now: () => now });
      const skew = Math.min(60, lifetime / 10);
      const bearer = async () => (await strategy.authenticate(new Request('https://api.acme.example/'))).headers.get('authorization');

      expect(await bearer()).toBe('Bearer at-1');
      now = (lifetime - skew) * 1000 - 1;
      expect(await bearer()).toBe('Bearer at-1');
      now += 1;
      expect(await bearer()).toBe('Bearer at-2');
    });
  });
});
