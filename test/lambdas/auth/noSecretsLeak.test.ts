import { clearTokenCache } from '../../../lambdas/auth/tokenCache';
import { createStderrLogger } from '../../../lambdas/observability/StderrLogger';
import { clearSecrets } from '../../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { startFakeApi } from '../../support/fakeApi';
import type { FakeApi } from '../../support/fakeApi/types';
import { buildAuth, sendWith } from './authHarness';
import type { LogLine } from './authHarness';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi({ credentials: { clientSecret: 'cs-Zq81xLm', apiKey: 'ak-Hh72pQr', basicPassword: 'pw-Ty63mWn', bearerToken: 'bt-Lk94sDe' } });
});
afterAll(() => api.close());
beforeEach(() => {
  clearTokenCache();
  clearSecrets();
});

describe('secrets stay out of logs and errors', () => {
  it('leaves no secret, base64 credential or issued token in any captured log line or error message', async () => {
    const c = api.credentials;
    const secrets = { '/sluice/acme/cid': c.clientId, '/sluice/acme/cs': c.clientSecret, '/sluice/acme/key': c.apiKey, '/sluice/acme/pw': c.basicPassword, '/sluice/acme/bt': c.bearerToken };
    const wrongSecret = { ...secrets, '/sluice/acme/cs': 'cs-WRONG-9911' };
    const oauth = { type: 'oauth2_client_credentials', access_token_url: `${api.baseUrl}/oauth/token`, client_id: { secret: 'cid' }, client_secret: { secret: 'cs' } };
    const cases: Array<[Record<string, unknown>, Record<string, string>, string]> = [
      [oauth, secrets, '/oauth2/single/items'],
      [{ ...oauth, client_auth: 'basic' }, secrets, '/oauth2/single/items'],
      [oauth, wrongSecret, '/oauth2/single/items'],
      [{ ...oauth, client_auth: 'basic' }, wrongSecret, '/oauth2/single/items'],
      [{ type: 'api_key', name: 'api_key', api_key: { secret: 'key' }, location: 'query' }, secrets, '/apikey-query/single/items'],
      [{ type: 'http_basic', username: c.basicUsername, password: { secret: 'pw' } }, secrets, '/basic/single/items'],
      [{ type: 'bearer', token: { secret: 'bt' } }, secrets, '/bearer/single/items'],
    ];
    const logs: LogLine[] = [];
    const errors: string[] = [];
    const stderr: string[] = [];
    const issuedTokens: string[] = [];
    for (const [auth, values, path] of cases) {
      const built = await buildAuth({ name: 'acme', client: { base_url: api.baseUrl, auth }, resources: ['items'] }, new FileSecretStore(values));
      const logger = createStderrLogger({ level: 'debug', write: (line) => stderr.push(line) });
      try {
        const request = await built.strategy.authenticate(new Request(`${api.baseUrl}${path}`));
        const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
        if (bearer && auth.type !== 'bearer') issuedTokens.push(bearer);
        api.revokeTokens();
        const response = await fetch(request);
        if (response.status === 401 && built.strategy.onUnauthorized) await built.strategy.onUnauthorized(request);
        await sendWith(built.strategy, `${api.baseUrl}${path}`);
        logger.info(`sent ${request.url}`, { url: request.url, authorization: request.headers.get('authorization') });
      } catch (error) {
        errors.push(`${(error as Error).message} ${String((error as Error).cause ?? '')}`);
        logger.error(String((error as Error).message));
      }
      logs.push(...built.logs);
    }

    const forbidden = [
      c.clientSecret,
      'cs-WRONG-9911',
      c.apiKey,
      c.basicPassword,
      c.bearerToken,
      Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64'),
      Buffer.from(`${c.clientId}:cs-WRONG-9911`).toString('base64'),
      Buffer.from(`${c.basicUsername}:${c.basicPassword}`).toString('base64'),
      ...issuedTokens,
    ];
    const captured = [JSON.stringify(logs), ...errors, ...stderr].join('\n');
    expect(errors.length).toBe(2);
    expect(issuedTokens.length).toBeGreaterThanOrEqual(2);
    expect(logs.some((l) => l.level === 'warn')).toBe(true);
    for (const secret of forbidden) expect(captured).not.toContain(secret);
  });
});
