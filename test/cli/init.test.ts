/**
 * `sluice init` against the fake API: the real CLI, one GET per path, and then
 * the written source through `validate` and `run` against the same API, which
 * must read every record once (and nothing new on a second run). Every auth
 * type, and the refusals: an existing source, bad flags, a rejected credential.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { runCli, singleJson, tempDir, writeJson } from './support/runCli';

type Summary = { status: string; resources: Record<string, { records: number }> };

/** The paginator styles a plain GET reaches, each with what init is expected to write. */
const STYLES: ReadonlyArray<[style: string, paginator: unknown, selector: string | undefined]> = [
  ['json-link', { type: 'json_link', next_url_path: 'paging.next' }, 'data'],
  ['link-header', 'header_link', undefined],
  ['offset', { type: 'offset', limit: 10, total_path: 'total' }, 'items'],
  ['page-number', { type: 'page_number', base_page: 1, total_path: 'total_pages' }, 'results'],
  ['total-pages', { type: 'page_number', base_page: 1, total_path: 'total_pages' }, 'data'],
  ['cursor', { type: 'cursor', cursor_path: 'next_cursor', cursor_param: 'cursor', has_more_path: 'has_more' }, 'data'],
  ['stripe', { type: 'cursor', cursor_path: 'data[-1].id', cursor_param: 'starting_after', has_more_path: 'has_more' }, 'data'],
  ['header-cursor', { type: 'header_cursor', cursor_key: 'x-next-cursor', cursor_param: 'cursor' }, undefined],
  ['odata', { type: 'json_link', next_url_path: "$['@odata.nextLink']" }, 'value'],
  ['single', 'single_page', 'data'],
];

describe('sluice init', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 25 } });
  });
  afterAll(() => api.close());

  const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

  it('detects every paginator style, and the written source validates and reads every record once', async () => {
    const dir = tempDir('sluice-init-');
    const secrets = writeJson(dir, 'mine.secrets.json', { '/sluice/styles/token': api.credentials.bearerToken });
    const paths = STYLES.flatMap(([style]) => ['--path', `${style}/items`]);
    const init = await runCli(['init', 'styles', '--base-url', `${api.baseUrl}/bearer`, '--auth', 'bearer', '--secrets-file', secrets, ...paths], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    // One GET per path, each with the credential.
    expect(api.requests.filter((r) => r.path.startsWith('/bearer/'))).toHaveLength(STYLES.length);

    const file = join(dir, 'sources', 'styles.json');
    const source = read(file);
    expect(source).toMatchObject({ name: 'styles', schedule: 'rate(1 day)', client: { base_url: `${api.baseUrl}/bearer/`, auth: { type: 'bearer', token: { secret: 'token' } } } });
    const resources = source.resources as Array<{ name: string; primary_key: string; endpoint: Record<string, unknown> }>;
    STYLES.forEach(([style, paginator, selector], i) => {
      expect({ style, ...resources[i].endpoint }).toEqual({
        style,
        path: `${style}/items`,
        paginator,
        ...(selector ? { data_selector: selector } : {}),
        incremental: { cursor_path: 'updated_at' },
      });
      expect(resources[i].primary_key).toBe('id');
    });
    expect(resources.map((r) => r.name)).toEqual(['items', ...STYLES.slice(1).map((_, i) => `items_${i + 2}`)]);
    expect(readFileSync(file, 'utf8')).not.toContain(api.credentials.bearerToken);
    // Said why, and what to run next; the secrets file given is the one to run with.
    expect(init.stdout).toContain('the Link header has a rel="next" URL');
    expect(init.stdout).toContain('pages are numbered from 1, as "page" says of the first page');
    expect(init.stdout).toContain('the parameter names are guessed');
    expect(init.stdout).toContain(`next: npx sluice validate styles && npx sluice run styles --secrets-file ${secrets} --max-pages 2`);
    // The template names the parameter, holds no value, and never replaces a file.
    expect(read(join(dir, 'styles.secrets.json'))).toEqual({ '/sluice/styles/token': '<the bearer token>' });

    const validate = await runCli(['validate', 'styles'], { cwd: dir });
    expect(validate.code).toBe(0);
    const out = join(dir, 'data');
    const run = async (): Promise<Summary> => {
      const result = await runCli(['run', 'styles', '--secrets-file', secrets, '--out', out, '--json'], { cwd: dir });
      expect(result.code).toBe(0);
      return singleJson(result.stdout) as unknown as Summary;
    };
    const first = await run();
    expect(first.status).toBe('succeeded');
    expect(Object.values(first.resources).map((r) => r.records)).toEqual(STYLES.map(() => 25));
    const second = await run();
    expect(Object.values(second.resources).map((r) => r.records)).toEqual(STYLES.map(() => 0));
  });

  it('prints only one JSON object with --json: what it detected per path and why, the files, and the next command', async () => {
    const dir = tempDir('sluice-init-');
    const init = await runCli(['init', 'shop', '--base-url', `${api.baseUrl}/bearer`, '--auth', 'bearer', '--token', api.credentials.bearerToken, '--path', 'offset/items', '--path', 'single/items', '--json'], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const report = singleJson(init.stdout);
    expect(report).toEqual({
      source: 'shop',
      file: join('sources', 'shop.json'),
      resources: {
        items: {
          path: 'offset/items',
          status: 200,
          records: 10,
          paginator: { chosen: expect.stringContaining('offset'), why: expect.any(String) },
          data_selector: { chosen: expect.stringContaining('items'), why: expect.any(String) },
          primary_key: 'id',
          cursor: { chosen: expect.stringContaining('updated_at'), why: expect.any(String) },
          warnings: expect.any(Array),
        },
        items_2: expect.objectContaining({ path: 'single/items', status: 200, paginator: { chosen: 'single_page', why: expect.any(String) } }),
      },
      secrets: ['/sluice/shop/token'],
      secrets_template: { file: 'shop.secrets.json', written: true },
      next: 'npx sluice validate shop && npx sluice run shop --secrets-file shop.secrets.json --max-pages 2',
    });
    // The same source as without --json, and the token only in the probe.
    expect((read(join(dir, 'sources', 'shop.json')).resources as Array<{ endpoint: unknown }>)[0].endpoint).toMatchObject({ paginator: { type: 'offset', limit: 10, total_path: 'total' }, data_selector: 'items' });
    expect(init.stdout).not.toContain(api.credentials.bearerToken);
    expect(existsSync(join(dir, 'shop.secrets.json'))).toBe(true);
  });

  it('writes references for every auth type, takes values from flags, and never writes a value', async () => {
    const { credentials } = api;
    const cases: Array<[auth: string[], path: string, template: Record<string, string>, values: Record<string, string>]> = [
      [['--auth', 'api_key', '--api-key-name', 'api_key', '--api-key-location', 'query', '--api-key', credentials.apiKey], 'apikey-query/cursor/items', { '/sluice/keyed/api_key': '<the API key>' }, { '/sluice/keyed/api_key': credentials.apiKey }],
      [['--auth', 'basic', '--username', credentials.basicUsername, '--password', credentials.basicPassword], 'basic/offset/items', { '/sluice/keyed/username': '<the user name>', '/sluice/keyed/password': '<the password>' }, { '/sluice/keyed/username': credentials.basicUsername, '/sluice/keyed/password': credentials.basicPassword }],
      [['--auth', 'oauth2', '--token-url', `${api.baseUrl}/oauth/token`, '--client-id', credentials.clientId, '--client-secret', credentials.clientSecret], 'oauth2/link-header/items', { '/sluice/keyed/client_id': '<the client id>', '/sluice/keyed/client_secret': '<the client secret>' }, { '/sluice/keyed/client_id': credentials.clientId, '/sluice/keyed/client_secret': credentials.clientSecret }],
    ];
    for (const [auth, path, template, values] of cases) {
      const dir = tempDir('sluice-init-');
      const init = await runCli(['init', 'keyed', '--base-url', api.baseUrl, '--path', path, ...auth], { cwd: dir });
      expect({ path, code: init.code, stderr: init.stderr }).toEqual({ path, code: 0, stderr: '' });
      const written = readFileSync(join(dir, 'sources', 'keyed.json'), 'utf8') + readFileSync(join(dir, 'keyed.secrets.json'), 'utf8') + init.stdout;
      for (const value of Object.values(values)) expect(written).not.toContain(value);
      expect(read(join(dir, 'keyed.secrets.json'))).toEqual(template);
      expect(init.stdout).toContain('next: npx sluice validate keyed && npx sluice run keyed --secrets-file keyed.secrets.json --max-pages 2');
      // The template filled in, as a user would: the run reads everything.
      const secrets = writeJson(dir, 'keyed.secrets.json', values);
      const run = await runCli(['run', 'keyed', '--secrets-file', secrets, '--out', join(dir, 'data'), '--json'], { cwd: dir });
      expect(run.code).toBe(0);
      expect((singleJson(run.stdout) as unknown as Summary).resources.items.records).toBe(25);
    }
  });

  it('refuses to overwrite a source without --force, before any request, and never replaces a secrets file', async () => {
    const dir = tempDir('sluice-init-');
    const args = ['init', 'again', '--base-url', `${api.baseUrl}/public/json-link`, '--path', 'items'];
    expect((await runCli(args, { cwd: dir })).code).toBe(0);
    const before = api.requests.length;
    const refused = await runCli(args, { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${join('sources', 'again.json')} exists already; pass --force to overwrite it`);
    expect(api.requests.length).toBe(before);

    const secrets = writeJson(dir, 'again.secrets.json', { '/sluice/again/token': api.credentials.bearerToken });
    const forced = await runCli(['init', 'again', '--base-url', `${api.baseUrl}/bearer/single`, '--path', 'items', '--auth', 'bearer', '--secrets-file', secrets, '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('kept again.secrets.json: it exists already');
    expect(read(secrets)).toEqual({ '/sluice/again/token': api.credentials.bearerToken });
    expect(read(join(dir, 'sources', 'again.json'))).toMatchObject({ resources: [{ endpoint: { paginator: 'single_page' } }] });
  });

  it('exits 2 naming the flag for bad input, and 1 naming the status when the API refuses the credential, writing nothing', async () => {
    const dir = tempDir('sluice-init-');
    const base = ['init', 'bad', '--base-url', `${api.baseUrl}/bearer/json-link`, '--path', 'items'];
    const cases: Array<[string[], string]> = [
      [['--auth', 'oauth'], '--auth must be one of bearer, api_key, basic, oauth2, got "oauth"'],
      [['--auth', 'api_key'], '--auth api_key needs --api-key-name'],
      [['--auth', 'oauth2'], '--auth oauth2 needs --token-url'],
      [['--auth', 'bearer', '--password', 'a-long-password'], '--password does not go with --auth bearer'],
      [['--auth', 'bearer'], '/sluice/bad/token'],
    ];
    for (const [flags, message] of cases) {
      const result = await runCli([...base, ...flags], { cwd: dir });
      expect({ flags, code: result.code }).toEqual({ flags, code: 2 });
      expect(result.stderr).toContain(message);
    }
    const noPath = await runCli(['init', 'bad', '--base-url', api.baseUrl], { cwd: dir });
    expect(noPath.code).toBe(2);
    expect(noPath.stderr).toContain('--path is required');
    const url = await runCli(['init', 'bad', '--base-url', 'api.example.com', '--path', 'x'], { cwd: dir });
    expect(url.stderr).toContain('--base-url must be an absolute http(s) URL, got "api.example.com"');

    const rejected = await runCli([...base, '--auth', 'bearer', '--token', 'not-the-right-token'], { cwd: dir });
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('401');
    expect(rejected.stderr).not.toContain('not-the-right-token');
    expect(existsSync(join(dir, 'sources', 'bad.json'))).toBe(false);
    expect(existsSync(join(dir, 'bad.secrets.json'))).toBe(false);
  });
});
