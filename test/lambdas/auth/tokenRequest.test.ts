/**
 * Token and login requests go through the source's HTTP client: the same
 * timeouts (headers and body), Retry-After handling, body cap and origin rules
 * as pages. Real loopback servers play the token endpoint and the host a
 * hostile endpoint redirects to.
 */
import '../../../sources/examples/auth/SessionLoginAuth';
import { clearTokenCache } from '../../../lambdas/auth/tokenCache';
import { AuthError } from '../../../lambdas/errors/AuthError';
import { clearSecrets } from '../../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { json, startLoopback, type Loopback } from '../http/loopback';
import { buildAuth } from './authHarness';

const CLIENT_SECRET = 'cl1ent-s3cret-value';
const PASSWORD = 'pa55word-value-9';
const store = () => new FileSecretStore({ '/sluice/acme/client_id': 'acme-client', '/sluice/acme/client_secret': CLIENT_SECRET, '/sluice/acme/password': PASSWORD });

function oauth(tokenUrl: string) {
  return {
    name: 'acme',
    client: {
      base_url: 'https://api.acme.example/',
      auth: { type: 'oauth2_client_credentials', access_token_url: tokenUrl, client_id: { secret: 'client_id' }, client_secret: { secret: 'client_secret' } },
    },
    resources: ['items'],
  };
}

function sessionLogin(loginUrl: string) {
  return {
    name: 'acme',
    client: { base_url: 'https://api.acme.example/', auth: { type: 'session_login', login_url: loginUrl, username: 'etl', password: { secret: 'password' } } },
    resources: ['items'],
  };
}

const servers: Loopback[] = [];
async function start(...args: Parameters<typeof startLoopback>): Promise<Loopback> {
  const server = await startLoopback(...args);
  servers.push(server);
  return server;
}

async function authError(pending: Promise<unknown> | unknown): Promise<AuthError> {
  const error = await Promise.resolve(pending).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

beforeEach(() => {
  clearTokenCache();
  clearSecrets();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('token requests through the HTTP client', () => {
  it.each([301, 302, 303, 307, 308])('refuses a %i from the token endpoint to another origin: client_secret is not resent, both origins named', async (status) => {
    const other = await start((_req, res) => json(res, 200, { access_token: 'stolen-token-value', expires_in: 3600 }));
    const token = await start((_req, res) => (res.writeHead(status, { location: `${other.url}/oauth/token` }), res.end()));
    const { strategy } = await buildAuth(oauth(`${token.url}/oauth/token`), store());

    const error = await authError(strategy.authenticate(new Request('https://api.acme.example/items')));

    expect(error.message).toContain(`refusing a redirect from ${token.url} to ${other.url}`);
    expect(error.message).not.toContain(CLIENT_SECRET);
    expect(token.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
  });

  it('follows a 307 to the same origin, resending the form there', async () => {
    const token = await start((req, res) =>
      req.url === '/oauth/token' ? (res.writeHead(307, { location: '/v2/token' }), res.end()) : json(res, 200, { access_token: 'at-moved', expires_in: 3600 }),
    );
    const { strategy } = await buildAuth(oauth(`${token.url}/oauth/token`), store());

    const request = await strategy.authenticate(new Request('https://api.acme.example/items'));

    expect(request.headers.get('authorization')).toBe('Bearer at-moved');
    expect(token.requests.map((r) => r.url)).toEqual(['/oauth/token', '/v2/token']);
    expect(new URLSearchParams(token.requests[1].body).get('client_secret')).toBe(CLIENT_SECRET);
  });

  it('fails within the request timeout when the token endpoint drips its body', async () => {
    const token = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    const { strategy } = await buildAuth(oauth(`${token.url}/oauth/token`), store(), { retries: 0, timeoutMs: 500 });
    const started = Date.now();

    const error = await authError(strategy.authenticate(new Request('https://api.acme.example/items')));

    expect(error.message).toContain('the token endpoint did not answer within 500 ms, and no retry was left');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('waits what Retry-After asks before resending a token request', async () => {
    const token = await start((_req, res, n) => (n === 1 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 200, { access_token: 'at-2', expires_in: 3600 })));
    const delays: number[] = [];
    const { strategy } = await buildAuth(oauth(`${token.url}/oauth/token`), store(), { delays });

    await strategy.authenticate(new Request('https://api.acme.example/items'));

    expect(delays).toEqual([1000]);
    expect(token.requests).toHaveLength(2);
  });

  it('keeps the OAuth error and description of a refusal, never the request body', async () => {
    const token = await start((_req, res) => json(res, 401, { error: 'invalid_client', error_description: `bad secret ${CLIENT_SECRET}` }));
    const { strategy } = await buildAuth(oauth(`${token.url}/oauth/token`), store());

    const error = await authError(strategy.authenticate(new Request('https://api.acme.example/items')));

    expect(error).toMatchObject({ status: 401, error: 'invalid_client', errorDescription: 'bad secret ***' });
    expect(error.message).toMatch(/\(status 401\): the token endpoint refused the request; error: invalid_client \(bad secret \*\*\*\)/);
  });

  it('refuses a login endpoint redirecting to another origin: the password is not resent', async () => {
    const other = await start((_req, res) => json(res, 200, { token: 'stolen-session' }));
    const login = await start((_req, res) => (res.writeHead(307, { location: `${other.url}/login` }), res.end()));
    const { strategy } = await buildAuth(sessionLogin(`${login.url}/login`), store());

    const error = await authError(strategy.authenticate(new Request('https://api.acme.example/items')));

    expect(error.message).toContain(`refusing a redirect from ${login.url} to ${other.url}`);
    expect(other.requests).toHaveLength(0);
  });
});
