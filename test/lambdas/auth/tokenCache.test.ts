import { cachedToken, clearTokenCache, dropToken, getToken, refreshSkewSeconds, tokenCacheKey } from '../../../lambdas/auth/tokenCache';
import type { CachedToken } from '../../../lambdas/auth/tokenCache';

beforeEach(() => clearTokenCache());

describe('tokenCache', () => {
  it('refreshes 60 s before expiry, or a tenth of a short lifetime', () => {
    expect(refreshSkewSeconds(3600)).toBe(60);
    expect(refreshSkewSeconds(300)).toBe(30);
    expect(cachedToken('t', 100, 1_000)).toEqual({ accessToken: 't', expiresAt: 101_000, refreshAt: 91_000 });
  });

  it('makes concurrent callers wait on one in-flight request', async () => {
    let fetches = 0;
    let release: (token: CachedToken) => void = () => undefined;
    const fetch = () => {
      fetches++;
      return new Promise<CachedToken>((resolve) => (release = resolve));
    };
    const waiting = Array.from({ length: 5 }, () => getToken('k', 0, fetch));
    release(cachedToken('shared', 3600, 0));
    const tokens = await Promise.all(waiting);
    expect(fetches).toBe(1);
    expect(tokens.map((t) => t.accessToken)).toEqual(Array(5).fill('shared'));
  });

  it('lets the next caller retry after a failed request', async () => {
    await expect(getToken('k', 0, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(getToken('k', 0, async () => cachedToken('ok', 60, 0))).resolves.toMatchObject({ accessToken: 'ok' });
  });

  it('drops a token only while it is still the rejected one', async () => {
    await getToken('k', 0, async () => cachedToken('new', 60, 0));
    expect(dropToken('k', 'old')).toBe(false);
    expect(dropToken('k', 'new')).toBe(true);
  });

  it('hashes key parts, keeping none in clear', () => {
    const key = tokenCacheKey(['https://auth.example/token', 'client-id-123']);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).toBe(tokenCacheKey(['https://auth.example/token', 'client-id-123']));
    expect(key).not.toBe(tokenCacheKey(['https://auth.example/token', 'client-id-124']));
  });
});
