/**
 * The fake SaaS API, exercised with the platform fetch only: every auth scheme,
 * every pagination style followed by a plain loop, every fault, and the request log.
 */
import type { FakeApi, FakeRecord, PaginationStyle } from './fakeApi';
import { CONTINUATION_HEADER, PAGINATION_STYLES, STUCK_CURSOR, startFakeApi } from './fakeApi';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const idsOf = (records: FakeRecord[]): number[] => records.map((record) => record.id);
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const form = (fields: Record<string, string>): RequestInit => ({ method: 'POST', body: new URLSearchParams(fields) });

async function getJson<T>(url: string, init?: RequestInit): Promise<{ res: Response; body: T }> {
  const res = await fetch(url, init);
  return { res, body: (await res.json()) as T };
}

/** Yields to the event loop until `condition` holds: for server-side effects no response announces. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

/** The `rel="next"` URL of a Link header. */
function nextLink(header: string | null): string | undefined {
  return /<([^>]+)>;\s*rel="next"/.exec(header ?? '')?.[1];
}

const MAX_PAGES = 200;
type CursorPage = { data: FakeRecord[]; next_cursor: string | null; has_more: boolean };
type Follow = (api: FakeApi, path: string, query: Record<string, string>, size: number) => Promise<number[]>;

/** For each style, the simplest client loop that reads every page. */
const followers: Record<Exclude<PaginationStyle, 'stuck-cursor'>, Follow> = {
  async 'json-link'(api, path, query, size) {
    const ids: number[] = [];
    let next: string | null = `${api.baseUrl}${path}?${new URLSearchParams({ ...query, per_page: String(size) })}`;
    for (let i = 0; next && i < MAX_PAGES; i++) {
      const { body }: { body: { data: FakeRecord[]; paging: { next: string | null } } } = await getJson(next);
      ids.push(...idsOf(body.data));
      next = body.paging.next;
    }
    return ids;
  },
  async 'link-header'(api, path, query, size) {
    const ids: number[] = [];
    let next: string | undefined = `${api.baseUrl}${path}?${new URLSearchParams({ ...query, per_page: String(size) })}`;
    for (let i = 0; next && i < MAX_PAGES; i++) {
      const res = await fetch(next);
      ids.push(...idsOf((await res.json()) as FakeRecord[]));
      next = nextLink(res.headers.get('link'));
    }
    return ids;
  },
  async offset(api, path, query, size) {
    const ids: number[] = [];
    for (let offset = 0, i = 0; i < MAX_PAGES; i++, offset += size) {
      const params = new URLSearchParams({ ...query, offset: String(offset), limit: String(size) });
      const { body } = await getJson<{ items: FakeRecord[]; total: number }>(`${api.baseUrl}${path}?${params}`);
      ids.push(...idsOf(body.items));
      if (offset + size >= body.total) break;
    }
    return ids;
  },
  async 'page-number'(api, path, query, size) {
    const ids: number[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const params = new URLSearchParams({ ...query, page: String(page), per_page: String(size) });
      const { body } = await getJson<{ results: FakeRecord[]; total_pages: number }>(`${api.baseUrl}${path}?${params}`);
      ids.push(...idsOf(body.results));
      if (page >= body.total_pages) break;
    }
    return ids;
  },
  async cursor(api, path, query, size) {
    const ids: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const params: URLSearchParams = new URLSearchParams({ ...query, limit: String(size), ...(cursor ? { cursor } : {}) });
      const { body }: { body: CursorPage } = await getJson(`${api.baseUrl}${path}?${params}`);
      ids.push(...idsOf(body.data));
      if (!body.has_more) break;
      cursor = body.next_cursor;
    }
    return ids;
  },
  async stripe(api, path, query, size) {
    const ids: number[] = [];
    for (let i = 0; i < MAX_PAGES; i++) {
      const after: Record<string, string> = ids.length ? { starting_after: String(ids[ids.length - 1]) } : {};
      const params = new URLSearchParams({ ...query, limit: String(size), ...after });
      const { body } = await getJson<{ object: string; data: FakeRecord[]; has_more: boolean }>(`${api.baseUrl}${path}?${params}`);
      expect(body.object).toBe('list');
      ids.push(...idsOf(body.data));
      if (!body.has_more) break;
    }
    return ids;
  },
  async 'header-cursor'(api, path, query, size) {
    const ids: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const params: URLSearchParams = new URLSearchParams({ ...query, limit: String(size), ...(cursor ? { cursor } : {}) });
      const res: Response = await fetch(`${api.baseUrl}${path}?${params}`);
      ids.push(...idsOf((await res.json()) as FakeRecord[]));
      cursor = res.headers.get('x-next-cursor');
      if (!cursor) break;
    }
    return ids;
  },
  async 'total-pages'(api, path, query, size) {
    const ids: number[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const params = new URLSearchParams({ ...query, page: String(page), per_page: String(size) });
      const { body } = await getJson<{ data: FakeRecord[]; total_pages: number; page: number }>(`${api.baseUrl}${path}?${params}`);
      expect(body.page).toBe(page);
      ids.push(...idsOf(body.data));
      if (page >= body.total_pages) break;
    }
    return ids;
  },
  async single(api, path, query) {
    const { body } = await getJson<{ data: FakeRecord[] }>(`${api.baseUrl}${path}?${new URLSearchParams(query)}`);
    return idsOf(body.data);
  },
  async 'post-cursor'(api, path, query, size) {
    const ids: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const { body }: { body: CursorPage } = await getJson(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...query, limit: size, cursor }),
      });
      ids.push(...idsOf(body.data));
      if (!body.has_more) break;
      cursor = body.next_cursor;
    }
    return ids;
  },
  async 'post-offset'(api, path, query, size) {
    const ids: number[] = [];
    for (let offset = 0, i = 0; i < MAX_PAGES; i++, offset += size) {
      const { body } = await getJson<{ items: FakeRecord[]; total: number }>(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...query, paging: { offset, limit: size } }),
      });
      ids.push(...idsOf(body.items));
      if (offset + size >= body.total) break;
    }
    return ids;
  },
  async 'post-page-number'(api, path, query, size) {
    const ids: number[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { body } = await getJson<{ results: FakeRecord[]; total_pages: number }>(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...query, page, per_page: size }),
      });
      ids.push(...idsOf(body.results));
      if (page >= body.total_pages) break;
    }
    return ids;
  },
  async odata(api, path, query, size) {
    const ids: number[] = [];
    let next: string | undefined = `${api.baseUrl}${path}?${new URLSearchParams({ ...query, $top: String(size) })}`;
    for (let i = 0; next && i < MAX_PAGES; i++) {
      const { body }: { body: { value: FakeRecord[]; '@odata.nextLink'?: string } } = await getJson(next);
      ids.push(...idsOf(body.value));
      next = body['@odata.nextLink'];
    }
    return ids;
  },
  async 'full-last-page'(api, path, query, size) {
    const ids: number[] = [];
    for (let offset = 0, i = 0; i < MAX_PAGES; i++, offset += size) {
      const params = new URLSearchParams({ ...query, offset: String(offset), limit: String(size) });
      const { body } = await getJson<{ items: FakeRecord[] }>(`${api.baseUrl}${path}?${params}`);
      ids.push(...idsOf(body.items));
      if (body.items.length < size) break;
    }
    return ids;
  },
  async 'continuation-header'(api, path, query, size) {
    const ids: number[] = [];
    let token: string | null = null;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const params = new URLSearchParams({ ...query, page: String(page), page_size: String(size) });
      const res: Response = await fetch(`${api.baseUrl}${path}?${params}`, { headers: token ? { [CONTINUATION_HEADER]: token } : {} });
      ids.push(...idsOf((await res.json()) as FakeRecord[]));
      token = res.headers.get(CONTINUATION_HEADER);
      if (!token) break;
    }
    return ids;
  },
};

describe('fakeApi', () => {
  let api: FakeApi;
  let clock: number;

  beforeAll(async () => {
    clock = Date.UTC(2025, 0, 1);
    api = await startFakeApi({ tokenLifetimeSeconds: 1, now: () => clock });
  });
  afterAll(() => api.close());
  afterEach(() => {
    api.clearFaults();
    api.clearLog();
  });

  const oauthToken = async (fields: Record<string, string> = {}): Promise<string> => {
    const { res, body } = await getJson<{ access_token: string }>(
      `${api.baseUrl}/oauth/token`,
      form({ grant_type: 'client_credentials', client_id: 'test-client-id', client_secret: 'test-client-secret', ...fields }),
    );
    expect(res.status).toBe(200);
    return body.access_token;
  };

  describe('records', () => {
    it('generates records with ids, names, hourly timestamps and values', () => {
      const items = api.records('items');
      expect(items).toHaveLength(250);
      expect(items[0]).toEqual({ id: 1, name: 'item-1', updated_at: '2024-01-01T01:00:00Z', value: 10 });
      expect(api.records('users')[29]).toMatchObject({ id: 30, name: 'user-30', updated_at: '2024-01-02T06:00:00Z' });
    });

    it('derives three comments per parent', () => {
      expect(api.childRecords('items', 7)).toEqual([
        { id: 7001, parent_id: 7, name: 'comment-7-1', body: 'comment 1', updated_at: '2024-01-01T07:01:00Z' },
        { id: 7002, parent_id: 7, name: 'comment-7-2', body: 'comment 2', updated_at: '2024-01-01T07:02:00Z' },
        { id: 7003, parent_id: 7, name: 'comment-7-3', body: 'comment 3', updated_at: '2024-01-01T07:03:00Z' },
      ]);
      expect(api.childRecords('items', 999)).toEqual([]);
      expect(() => api.records('nope')).toThrow(/"nope"/);
    });

    it('serves records a test sets, sorted by id, and hands out copies', async () => {
      api.setRecords('custom', [
        { id: 3, name: 'c', updated_at: '2024-02-01T00:00:00Z' },
        { id: 1, name: 'a', updated_at: '2024-02-01T00:00:00Z' },
      ]);
      api.records('custom')[0].name = 'changed';
      const { body } = await getJson<{ data: FakeRecord[] }>(`${api.baseUrl}/public/single/custom`);
      expect(body.data.map((r) => r.name)).toEqual(['a', 'c']);
    });
  });

  describe('auth', () => {
    const cases: [string, string, RequestInit, RequestInit][] = [
      ['bearer', '', { headers: { Authorization: 'Bearer test-bearer-token' } }, { headers: { Authorization: 'Bearer wrong' } }],
      ['apikey-header', '', { headers: { 'X-API-Key': 'test-api-key' } }, { headers: { 'X-API-Key': 'wrong' } }],
      ['apikey-query', '?api_key=test-api-key', {}, {}],
      ['basic', '', { headers: { Authorization: basic('test-user', 'test-password') } }, { headers: { Authorization: basic('test-user', 'nope') } }],
    ];

    it.each(cases)('%s accepts the right credentials', async (scheme, query, good) => {
      const res = await fetch(`${api.baseUrl}/${scheme}/single/users${query}`, good);
      expect(res.status).toBe(200);
    });

    it.each(cases)('%s answers 401 with WWW-Authenticate to wrong and missing credentials', async (scheme, query, _good, bad) => {
      const wrongQuery = query.replace('test-api-key', 'wrong');
      for (const [url, init] of [
        [`${api.baseUrl}/${scheme}/single/users${wrongQuery}`, bad],
        [`${api.baseUrl}/${scheme}/single/users`, {}],
      ] as const) {
        const res = await fetch(url, init);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBeTruthy();
        expect(await res.json()).toMatchObject({ error: expect.any(String) });
      }
      expect(api.requests.map((r) => r.status)).toEqual([401, 401]);
    });

    it('accepts the empty basic password, Stripe style', async () => {
      const stripe = await startFakeApi({ credentials: { basicUsername: 'sk_test_1', basicPassword: '' } });
      try {
        const ok = await fetch(`${stripe.baseUrl}/basic/single/users`, { headers: { Authorization: basic('sk_test_1', '') } });
        const bad = await fetch(`${stripe.baseUrl}/basic/single/users`, { headers: { Authorization: basic('sk_test_1', 'x') } });
        expect([ok.status, bad.status]).toEqual([200, 401]);
      } finally {
        await stripe.close();
      }
    });

    it('logs in with JSON credentials and accepts the session token as Bearer or X-Session-Token', async () => {
      const login = (password: string) =>
        fetch(`${api.baseUrl}/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'login-user', password }),
        });
      expect((await login('wrong')).status).toBe(401);
      const { token } = (await (await login('login-password')).json()) as { token: string };
      expect((await fetch(`${api.baseUrl}/session/single/users`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await fetch(`${api.baseUrl}/session/single/users`, { headers: { 'X-Session-Token': token } })).status).toBe(200);
      expect((await fetch(`${api.baseUrl}/session/single/users`, { headers: { 'X-Session-Token': 'forged' } })).status).toBe(401);
      api.revokeTokens();
      expect((await fetch(`${api.baseUrl}/session/single/users`, { headers: { 'X-Session-Token': token } })).status).toBe(401);
    });
  });

  describe('OAuth2', () => {
    it('issues a client-credentials token for form-field client auth and echoes scope and audience', async () => {
      const before = api.tokensIssued;
      const { res, body } = await getJson<Record<string, unknown>>(
        `${api.baseUrl}/oauth/token`,
        form({ grant_type: 'client_credentials', client_id: 'test-client-id', client_secret: 'test-client-secret', scope: 'read write', audience: 'https://api' }),
      );
      expect(res.status).toBe(200);
      expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 1, scope: 'read write', audience: 'https://api' });
      expect(api.tokensIssued).toBe(before + 1);
      const data = await fetch(`${api.baseUrl}/oauth2/single/users`, { headers: { Authorization: `Bearer ${body.access_token}` } });
      expect(data.status).toBe(200);
    });

    it('issues a token for HTTP Basic client auth', async () => {
      const { res, body } = await getJson<{ access_token: string }>(`${api.baseUrl}/oauth/token`, {
        ...form({ grant_type: 'client_credentials' }),
        headers: { Authorization: basic('test-client-id', 'test-client-secret') },
      });
      expect(res.status).toBe(200);
      expect(body.access_token).toMatch(/^fake-access-token-\d+$/);
    });

    it('refuses a wrong client in either form with 401 invalid_client', async () => {
      const inBody = await fetch(`${api.baseUrl}/oauth/token`, form({ grant_type: 'client_credentials', client_id: 'test-client-id', client_secret: 'x' }));
      const inHeader = await fetch(`${api.baseUrl}/oauth/token`, { ...form({ grant_type: 'client_credentials' }), headers: { Authorization: basic('x', 'y') } });
      for (const res of [inBody, inHeader]) {
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' });
      }
    });

    it('accepts a custom grant type with valid client credentials', async () => {
      const { res, body } = await getJson<{ scope: string }>(
        `${api.baseUrl}/oauth/token`,
        form({ grant_type: 'urn:custom:grant', scope: 'read:all', client_id: 'test-client-id', client_secret: 'test-client-secret' }),
      );
      expect(res.status).toBe(200);
      expect(body.scope).toBe('read:all');
      expect(new URLSearchParams(api.requests[0].body).get('grant_type')).toBe('urn:custom:grant');
    });

    it('refuses a JSON token request: the endpoint is form-encoded', async () => {
      const res = await fetch(`${api.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials' }),
      });
      expect(res.status).toBe(400);
    });

    it('answers 401 "The access token expired" once the clock passes the lifetime', async () => {
      const token = await oauthToken();
      const get = () => fetch(`${api.baseUrl}/oauth2/single/users`, { headers: { Authorization: `Bearer ${token}` } });
      clock += 999;
      expect((await get()).status).toBe(200);
      clock += 1;
      const expired = await get();
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
      expect(await expired.json()).toEqual({ error: 'invalid_token', error_description: 'The access token expired' });
    });

    it('refuses unknown, missing and revoked tokens', async () => {
      const token = await oauthToken();
      const get = (headers: Record<string, string>) => fetch(`${api.baseUrl}/oauth2/single/users`, { headers });
      expect((await get({ Authorization: 'Bearer forged' })).status).toBe(401);
      expect((await get({})).status).toBe(401);
      api.revokeTokens();
      expect((await get({ Authorization: `Bearer ${token}` })).status).toBe(401);
    });

    it('treats the token as expired for one request under an expire-token fault', async () => {
      const token = await oauthToken();
      api.addFault({ path: '/oauth2/', kind: 'expire-token' });
      const get = () => fetch(`${api.baseUrl}/oauth2/single/users`, { headers: { Authorization: `Bearer ${token}` } });
      const first = await get();
      expect(first.status).toBe(401);
      expect(await first.json()).toMatchObject({ error_description: 'The access token expired' });
      expect((await get()).status).toBe(200);
    });

    it('rotates the refresh token and refuses the old one with 400 invalid_grant', async () => {
      const old = api.currentRefreshToken;
      const refresh = (token: string) => getJson<Record<string, unknown>>(`${api.baseUrl}/oauth/token`, form({ grant_type: 'refresh_token', refresh_token: token }));
      const first = await refresh(old);
      expect(first.res.status).toBe(200);
      expect(first.body).toMatchObject({ access_token: expect.any(String), refresh_token: api.currentRefreshToken });
      expect(api.currentRefreshToken).not.toBe(old);
      const reused = await refresh(old);
      expect(reused.res.status).toBe(400);
      expect(reused.body).toMatchObject({ error: 'invalid_grant' });
      expect((await refresh(api.currentRefreshToken)).res.status).toBe(200);
    });

    it('checks client credentials on a refresh grant only when they are presented', async () => {
      const res = await fetch(
        `${api.baseUrl}/oauth/token`,
        form({ grant_type: 'refresh_token', refresh_token: api.currentRefreshToken, client_id: 'test-client-id', client_secret: 'wrong' }),
      );
      expect(res.status).toBe(401);
    });

    it('honours expiresInAsString, omitExpiresIn and rotateRefreshTokens: false', async () => {
      const servers = await Promise.all([
        startFakeApi({ expiresInAsString: true }),
        startFakeApi({ omitExpiresIn: true }),
        startFakeApi({ rotateRefreshTokens: false }),
      ]);
      try {
        const clientForm = form({ grant_type: 'client_credentials', client_id: 'test-client-id', client_secret: 'test-client-secret' });
        const asString = await getJson<Record<string, unknown>>(`${servers[0].baseUrl}/oauth/token`, clientForm);
        expect(asString.body.expires_in).toBe('3600');
        const omitted = await getJson<Record<string, unknown>>(`${servers[1].baseUrl}/oauth/token`, clientForm);
        expect(omitted.body).not.toHaveProperty('expires_in');
        const refreshForm = form({ grant_type: 'refresh_token', refresh_token: 'test-refresh-token-0' });
        const first = await getJson<Record<string, unknown>>(`${servers[2].baseUrl}/oauth/token`, refreshForm);
        const second = await getJson<Record<string, unknown>>(`${servers[2].baseUrl}/oauth/token`, refreshForm);
        expect([first.res.status, second.res.status]).toEqual([200, 200]);
        expect(first.body).not.toHaveProperty('refresh_token');
        expect(servers[2].tokensIssued).toBe(2);
      } finally {
        await Promise.all(servers.map((s) => s.close()));
      }
    });
  });

  describe('pagination', () => {
    const styles = Object.keys(followers) as (keyof typeof followers)[];

    it('covers every style but stuck-cursor with a follower', () => {
      expect([...styles, 'stuck-cursor'].sort()).toEqual([...PAGINATION_STYLES].sort());
    });

    it.each(styles)('%s serves every record exactly once', async (style) => {
      expect(await followers[style](api, `/public/${style}/items`, {}, 7)).toEqual(range(1, 250));
    });

    it.each(styles)('%s applies since (inclusive) and until (exclusive)', async (style) => {
      const window = { since: '2024-01-01T10:00:00Z', until: '2024-01-03T00:00:00.000Z' };
      expect(await followers[style](api, `/public/${style}/items`, window, 7)).toEqual(range(10, 47));
    });

    it.each(styles)('%s serves the comments of a parent, and 404 for a missing parent', async (style) => {
      expect(await followers[style](api, `/public/${style}/items/7/comments`, {}, 2)).toEqual([7001, 7002, 7003]);
      const method = style.startsWith('post-') ? 'POST' : 'GET';
      const missing = await fetch(`${api.baseUrl}/public/${style}/items/999/comments`, { method });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: 'not found' });
    });

    it('keeps other query parameters (since, api_key) in json-link next URLs', async () => {
      const { body } = await getJson<{ paging: { next: string } }>(`${api.baseUrl}/apikey-query/json-link/items?api_key=test-api-key&since=2024-01-02T00:00:00Z&per_page=5`);
      const next = new URL(body.paging.next);
      expect(next.origin).toBe(api.baseUrl);
      expect(Object.fromEntries(next.searchParams)).toEqual({ api_key: 'test-api-key', since: '2024-01-02T00:00:00Z', per_page: '5', cursor: expect.any(String) });
    });

    it('writes $skiptoken literally in the absolute @odata.nextLink', async () => {
      const { body } = await getJson<{ '@odata.nextLink': string }>(`${api.baseUrl}/public/odata/items?$top=5`);
      expect(body['@odata.nextLink']).toMatch(new RegExp(`^${api.baseUrl}/public/odata/items\\?\\$top=5&\\$skiptoken=`));
    });

    it('refuses a continuation-header token sent with another page number, and a later page without one', async () => {
      const first = await fetch(`${api.baseUrl}/public/continuation-header/items?page=1&page_size=5`);
      const token = first.headers.get(CONTINUATION_HEADER) as string;
      const replayed = await fetch(`${api.baseUrl}/public/continuation-header/items?page=3&page_size=5`, { headers: { [CONTINUATION_HEADER]: token } });
      const missing = await fetch(`${api.baseUrl}/public/continuation-header/items?page=2&page_size=5`);
      const next = await fetch(`${api.baseUrl}/public/continuation-header/items?page=2&page_size=5`, { headers: { [CONTINUATION_HEADER]: token } });
      expect([replayed.status, missing.status, next.status]).toEqual([400, 400, 200]);
      expect(await replayed.json()).toEqual({ error: 'bad_request', error_description: 'this X-Continuation token is for page 2, not page 3' });
      expect(idsOf((await next.json()) as FakeRecord[])).toEqual(range(6, 10));
    });

    it('emits relative json-link next URLs with relativeNextLinks', async () => {
      const relative = await startFakeApi({ relativeNextLinks: true });
      try {
        const { body } = await getJson<{ paging: { next: string } }>(`${relative.baseUrl}/public/json-link/items?per_page=5`);
        expect(body.paging.next).toMatch(/^\/public\/json-link\/items\?.*cursor=/);
      } finally {
        await relative.close();
      }
    });

    it('puts several rels in one Link header and drops next on the last page', async () => {
      const first = await fetch(`${api.baseUrl}/public/link-header/users?per_page=10`);
      expect(first.headers.get('link')).toBe(
        `<${api.baseUrl}/public/link-header/users?per_page=10&page=2>; rel="next", <${api.baseUrl}/public/link-header/users?per_page=10&page=3>; rel="last"`,
      );
      const last = await fetch(`${api.baseUrl}/public/link-header/users?per_page=10&page=3`);
      expect(last.headers.get('link')).not.toContain('rel="next"');
      expect(last.headers.get('link')).toContain('rel="prev"');
    });

    it('offset: total_on_first_page_only and null_total', async () => {
      const page = (q: string) => getJson<Record<string, unknown>>(`${api.baseUrl}/public/offset/users?${q}`).then((r) => r.body);
      expect((await page('total_on_first_page_only=1')).total).toBe(30);
      expect(await page('offset=10&total_on_first_page_only=1')).not.toHaveProperty('total');
      expect((await page('null_total=1')).total).toBeNull();
    });

    it('page-number: base=0 and total_on_first_page_only', async () => {
      const { body: zero } = await getJson<{ results: FakeRecord[]; page: number; total_pages: number }>(`${api.baseUrl}/public/page-number/users?base=0&page=0`);
      expect([zero.page, zero.total_pages, zero.results[0].id]).toEqual([0, 3, 1]);
      const { body: second } = await getJson<object>(`${api.baseUrl}/public/page-number/users?page=2&total_on_first_page_only=1`);
      expect(second).not.toHaveProperty('total_pages');
    });

    it('cursor: keep_cursor_on_last_page leaves a new cursor with has_more false; following it gives an empty page', async () => {
      type Page = { data: FakeRecord[]; next_cursor: string | null; has_more: boolean };
      const base = `${api.baseUrl}/public/cursor/users?limit=30&keep_cursor_on_last_page=1`;
      const { body: last } = await getJson<Page>(base);
      expect(last).toMatchObject({ has_more: false, next_cursor: expect.any(String) });
      const { body: after } = await getJson<Page>(`${base}&cursor=${last.next_cursor}`);
      expect(after).toEqual({ data: [], next_cursor: null, has_more: false });
    });

    it('cursor: no_has_more omits has_more and ends with a null cursor', async () => {
      const { body } = await getJson<object>(`${api.baseUrl}/public/cursor/users?limit=30&no_has_more=1`);
      expect(body).not.toHaveProperty('has_more');
      expect(body).toMatchObject({ next_cursor: null });
    });

    it('stuck-cursor returns the same cursor and the same data forever', async () => {
      const url = `${api.baseUrl}/public/stuck-cursor/items?limit=5`;
      const { body: first } = await getJson<{ data: FakeRecord[]; next_cursor: string }>(url);
      const { body: second } = await getJson<{ data: FakeRecord[]; next_cursor: string }>(`${url}&cursor=${first.next_cursor}`);
      expect(first.next_cursor).toBe(STUCK_CURSOR);
      expect(second).toEqual(first);
      expect(first.data).toHaveLength(5);
    });

    it('full-last-page: a full last page is followed by an empty one', async () => {
      const page = (offset: number) => getJson<{ items: FakeRecord[] }>(`${api.baseUrl}/public/full-last-page/users?offset=${offset}&limit=10`);
      expect((await page(20)).body.items).toHaveLength(10);
      expect((await page(30)).body).toEqual({ items: [] });
    });

    it('serves an HTML page and a 204 empty answer', async () => {
      const html = await fetch(`${api.baseUrl}/bearer/html`, { headers: { Authorization: 'Bearer test-bearer-token' } });
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      const empty = await fetch(`${api.baseUrl}/public/empty`);
      expect(empty.status).toBe(204);
      expect(await empty.text()).toBe('');
    });

    it('answers 400 for a bad cursor or timestamp, 404 for an unknown collection, 405 for the wrong method', async () => {
      expect((await fetch(`${api.baseUrl}/public/cursor/items?cursor=bogus`)).status).toBe(400);
      expect((await fetch(`${api.baseUrl}/public/offset/items?since=yesterday`)).status).toBe(400);
      expect((await fetch(`${api.baseUrl}/public/offset/items?limit=0`)).status).toBe(400);
      expect((await fetch(`${api.baseUrl}/public/offset/nope`)).status).toBe(404);
      expect((await fetch(`${api.baseUrl}/nobody/offset/items`)).status).toBe(404);
      expect((await fetch(`${api.baseUrl}/public/post-cursor/items`)).status).toBe(405);
    });
  });

  describe('faults', () => {
    const url = () => `${api.baseUrl}/public/offset/users`;

    it('answers 429 with Retry-After seconds, once', async () => {
      api.addFault({ path: '/public/offset', kind: 'status', status: 429, retryAfter: 2 });
      const limited = await fetch(url());
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
      expect((await fetch(url())).status).toBe(200);
    });

    it('answers 429 with Retry-After as an HTTP date in the future', async () => {
      api.addFault({ path: '/public/offset', kind: 'status', status: 429, retryAfter: 'date', retryAfterSeconds: 3 });
      const limited = await fetch(url());
      const wait = Date.parse(limited.headers.get('retry-after') ?? '') - Date.now();
      expect(wait).toBeGreaterThan(2000);
      expect(wait).toBeLessThanOrEqual(4000);
    });

    it('answers a burst of 5xx with times, after skip requests', async () => {
      api.addFault({ path: /\/offset\/users$/, kind: 'status', status: 503, times: 3, skip: 1 });
      api.addFault({ path: '/public/offset', kind: 'status', status: 502, body: 'Bad Gateway' });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await fetch(url())).status);
      // The 502 fault answers the request the 503 fault skips.
      expect(statuses).toEqual([502, 503, 503, 503, 200, 200]);
      expect(api.requests.map((r) => r.status)).toEqual(statuses);
    });

    it('keeps answering with times: Infinity until cleared', async () => {
      api.addFault({ path: '/public/', kind: 'status', status: 500, times: Infinity });
      for (let i = 0; i < 3; i++) expect((await fetch(url())).status).toBe(500);
      api.clearFaults();
      expect((await fetch(url())).status).toBe(200);
    });

    it('drops the connection without a response, logged as status 0', async () => {
      api.addFault({ path: '/public/offset', kind: 'drop' });
      await expect(fetch(url())).rejects.toThrow();
      expect(api.requests[0].status).toBe(0);
      expect((await fetch(url())).status).toBe(200);
    });

    it('drops the connection mid-body after a 200', async () => {
      api.addFault({ path: '/public/offset', kind: 'drop-mid-body' });
      const res = await fetch(url());
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
    });

    it('delays a slow answer, and a client timeout cuts it short', async () => {
      api.addFault({ path: '/public/offset', kind: 'slow', delayMs: 150, times: 2 });
      const started = Date.now();
      expect((await fetch(url())).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      await expect(fetch(url(), { signal: AbortSignal.timeout(20) })).rejects.toThrow();
    });

    it('answers malformed JSON and HTML with 200', async () => {
      api.addFault({ path: '/public/offset', kind: 'malformed-json' });
      api.addFault({ path: '/public/offset', kind: 'html', skip: 1 });
      const malformed = await fetch(url());
      expect(malformed.status).toBe(200);
      expect(await malformed.text()).toBe('{"data": [');
      const html = await fetch(url());
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    });

    it('closes promptly while a slow answer is pending', async () => {
      const slow = await startFakeApi();
      slow.addFault({ path: '/', kind: 'slow', delayMs: 60_000 });
      const pending = fetch(`${slow.baseUrl}/public/single/users`).catch((error: unknown) => error);
      await waitFor(() => slow.requests.length === 1);
      const started = Date.now();
      await slow.close();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await pending).toHaveProperty('name', 'TypeError');
      await slow.close();
    });
  });

  describe('request log', () => {
    it('records method, path, query, url, headers, body, status and time, in arrival order', async () => {
      await fetch(`${api.baseUrl}/public/offset/users?limit=5&tag=a&tag=b`, { headers: { 'X-Trace': 't1' } });
      await fetch(`${api.baseUrl}/login`, { method: 'POST', body: '{"username":"x","password":"y"}' });
      expect(api.requests).toEqual([
        {
          method: 'GET',
          path: '/public/offset/users',
          query: { limit: '5', tag: ['a', 'b'] },
          url: '/public/offset/users?limit=5&tag=a&tag=b',
          headers: expect.objectContaining({ 'x-trace': 't1', host: `127.0.0.1:${api.port}` }),
          body: '',
          status: 200,
          at: clock,
          endedAt: clock,
          inFlight: 1,
        },
        expect.objectContaining({ method: 'POST', path: '/login', body: '{"username":"x","password":"y"}', status: 401 }),
      ]);
      api.clearLog();
      expect(api.requests).toEqual([]);
    });

    it('counts the requests in flight when each arrives, itself included', async () => {
      api.addFault({ path: '/public/offset/users', kind: 'slow', delayMs: 100, times: 3 });
      await Promise.all([1, 2, 3].map(() => fetch(`${api.baseUrl}/public/offset/users`).then((r) => r.text())));
      await fetch(`${api.baseUrl}/public/offset/users`).then((r) => r.text());
      expect(api.requests.map((r) => r.inFlight)).toEqual([1, 2, 3, 1]);
      expect(api.requests.every((r) => r.endedAt !== undefined)).toBe(true);
    });
  });

  describe('throttle', () => {
    it('answers 429 with Retry-After to a request that arrives while maxInFlight others are in flight', async () => {
      const throttled = await startFakeApi({ throttle: { maxInFlight: 2, retryAfter: '1' } });
      try {
        throttled.addFault({ path: '/public/offset/users', kind: 'slow', delayMs: 100, times: 2 });
        const responses = await Promise.all(
          [1, 2, 3].map(async (i) => {
            // In order, so the third arrives while the first two are held.
            await new Promise((resolve) => setImmediate(resolve, i));
            const r = await fetch(`${throttled.baseUrl}/public/offset/users`);
            await r.text();
            return r;
          }),
        );
        expect(throttled.requests.map((r) => r.status)).toEqual([200, 200, 429]);
        expect(responses.find((r) => r.status === 429)?.headers.get('retry-after')).toBe('1');
      } finally {
        await throttled.close();
      }
    });

    it('refuses a limit it cannot honour', async () => {
      await expect(startFakeApi({ throttle: { maxInFlight: 0 } })).rejects.toThrow(/throttle.maxInFlight must be an integer >= 1, got 0/);
    });
  });
});
