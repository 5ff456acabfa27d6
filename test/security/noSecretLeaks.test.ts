/**
 * No secret leaves sluice: every auth strategy, with recognizable secret
 * values, through successful runs (with retries, an expired token and forced
 * continuations), failed runs, check, and the CLI (`run`, `check`, `--verbose`,
 * failures). Everything is captured (every log line and metric on stdout and
 * stderr, error messages, stacks and causes, handler results, checkpoints, every
 * S3 key and object, CLI output) and scanned for every secret value and every
 * credential the API received, raw, base64 and URL-encoded.
 */
import { Logger as Powertools } from '@aws-lambda-powertools/logger';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { clearTokenCache } from '../../lambdas/auth/tokenCache';
import { createHandler } from '../../lambdas/handler';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import { PowertoolsLogger } from '../../lambdas/observability/PowertoolsLogger';
import { clearSecrets } from '../../lambdas/secrets/Redactor';
import { SsmSecretStore } from '../../lambdas/secrets/SsmSecretStore';
import { S3Store } from '../../lambdas/sink/S3Store';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import '../../sources/examples/auth/SessionLoginAuth';
import { createTestBucket, testS3Client, testSsmClient } from '../support/aws';
import { generateRecords, startFakeApi } from '../support/fakeApi';
import type { FakeApi } from '../support/fakeApi';
import { ROOT, runCli, tempDir, writeJson } from '../cli/support/runCli';
import { putParameters, uniquePrefix } from '../lambdas/secrets/ssmHelpers';
import { bucketDump, errorText, leaksIn, wireCredentials } from './support/leakScan';

const SECRETS = {
  bearer: 'SECRET-bearer-7f3a91c2e4d5',
  // One key for the header and the query routes; '/', '+' and '=' make its URL-encoded form differ.
  apiKey: 'SECRET-apikey-3c6e/9a+1=b7d2',
  basicPassword: 'SECRET-basicpw-8e1f64b2a0d9',
  // '~', '!', '(' and ')': its form-encoded echo differs from its encodeURIComponent form.
  clientSecret: 'SECRET-cs~Secret!Value(1)-2d7c',
  refreshToken: 'SECRET-refresh-9d2b4c-0',
  loginPassword: 'SECRET-loginpw-6a3f08d1c7e2',
  // Secret references outside auth: a query param ('/', '+' and '=' again) and a client header.
  paramToken: 'SECRET-param/tok+en=9f3e',
  teamToken: 'SECRET-teamhdr-51c7e0a2',
};

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
/** An error body echoing credentials in the forms APIs use: form-encoded, JSON with "\/", base64 and base64url. */
function echoBody(): string {
  const slashed = (s: string): string => JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/');
  const form = new URLSearchParams({ client_secret: SECRETS.clientSecret, token: SECRETS.paramToken }).toString();
  return `{"error":"denied","form":"${form}","json":"${slashed(SECRETS.apiKey)}","b64":"${b64(SECRETS.bearer)}","b64url":"${Buffer.from(SECRETS.teamToken).toString('base64url')}","pw":"${b64(SECRETS.loginPassword)}"}`;
}
const RESOURCES = ['r_bearer', 'r_apikey_header', 'r_apikey_query', 'r_basic', 'r_oauth_cc', 'r_oauth_refresh', 'r_session', 'r_params'] as const;
const ROUTE: Record<(typeof RESOURCES)[number], string> = {
  r_bearer: '/bearer/',
  r_apikey_header: '/apikey-header/',
  r_apikey_query: '/apikey-query/',
  r_basic: '/basic/',
  r_oauth_cc: '/oauth2/',
  r_oauth_refresh: '/oauth2/',
  r_session: '/session/',
  r_params: '/public/',
};

let api: FakeApi;
let prefix: string;
const captured: string[] = [];

function definition(): Record<string, unknown> {
  const offset = (route: string, auth: Record<string, unknown>) => ({
    path: `${route}offset/items`,
    data_selector: 'items',
    paginator: { type: 'offset', limit: 10, total_path: 'total' },
    auth,
  });
  const token = { access_token_url: `${api.baseUrl}/oauth/token`, client_id: api.credentials.clientId, client_secret: { secret: 'client_secret' } };
  return {
    name: 'leaky',
    secrets_prefix: prefix,
    client: { base_url: api.baseUrl, retries: { limit: 1, max_delay_ms: 5 }, headers: { 'X-Team-Token': { secret: 'team_token' } } },
    resources: [
      { name: 'r_bearer', endpoint: offset('/bearer/', { type: 'bearer', token: { secret: 'bearer' } }) },
      { name: 'r_apikey_header', endpoint: offset('/apikey-header/', { type: 'api_key', name: 'X-API-Key', api_key: { secret: 'api_key' } }) },
      {
        name: 'r_apikey_query',
        // json_link: the API's next URLs carry the key back, into paginator state and checkpoints.
        endpoint: {
          path: '/apikey-query/json-link/items',
          params: { per_page: 10 },
          data_selector: 'data',
          paginator: { type: 'json_link', next_url_path: 'paging.next' },
          auth: { type: 'api_key', name: 'api_key', api_key: { secret: 'api_key' }, location: 'query' },
        },
      },
      { name: 'r_basic', endpoint: offset('/basic/', { type: 'http_basic', username: api.credentials.basicUsername, password: { secret: 'basic_password' } }) },
      { name: 'r_oauth_cc', endpoint: offset('/oauth2/', { type: 'oauth2_client_credentials', client_auth: 'basic', ...token }) },
      { name: 'r_oauth_refresh', endpoint: offset('/oauth2/', { type: 'oauth2_refresh_token', refresh_token: { secret: 'refresh_token' }, ...token }) },
      { name: 'r_session', endpoint: offset('/session/', { type: 'session_login', login_url: `${api.baseUrl}/login`, username: api.credentials.loginUsername, password: { secret: 'login_password' } }) },
      {
        name: 'r_params',
        // json_link again: the API copies the secret param into its next URLs.
        endpoint: { path: '/public/json-link/items', params: { per_page: 10, token: { secret: 'param_token' } }, data_selector: 'data', paginator: { type: 'json_link', next_url_path: 'paging.next' } },
      },
    ],
    run: { max_continuations: 60 },
  };
}

/** Captures everything written to stdout and stderr (Powertools logs, EMF metrics) while `fn` runs. */
async function capturingOutput<T>(fn: () => Promise<T>): Promise<T> {
  const capture = (chunk: string | Uint8Array): boolean => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  try {
    return await fn();
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

/** Every secret: the configured values, the rotated refresh tokens and every credential the API received. */
function allSecrets(): string[] {
  return [...Object.values(SECRETS), api.currentRefreshToken, ...wireCredentials(api.requests)];
}

function expectNoLeak(haystack: string): void {
  expect(leaksIn(haystack, allSecrets())).toEqual([]);
}

beforeAll(async () => {
  prefix = uniquePrefix();
  api = await startFakeApi({
    collections: { items: 25 },
    credentials: {
      bearerToken: SECRETS.bearer,
      apiKey: SECRETS.apiKey,
      basicPassword: SECRETS.basicPassword,
      clientSecret: SECRETS.clientSecret,
      refreshToken: SECRETS.refreshToken,
      loginPassword: SECRETS.loginPassword,
    },
  });
  // The API echoes the caller's credentials in a record (as some APIs do in links).
  const echo = { id: 26, name: 'echo', updated_at: '2026-01-01T00:00:00Z', self: `https://api.example.com/items/26?api_key=${encodeURIComponent(SECRETS.apiKey)}`, note: `key ${SECRETS.apiKey}, bearer ${SECRETS.bearer}` };
  api.setRecords('items', [...generateRecords('items', 25), echo]);
  await putParameters({
    [`${prefix}/leaky/bearer`]: SECRETS.bearer,
    [`${prefix}/leaky/api_key`]: SECRETS.apiKey,
    [`${prefix}/leaky/basic_password`]: SECRETS.basicPassword,
    [`${prefix}/leaky/client_secret`]: SECRETS.clientSecret,
    [`${prefix}/leaky/refresh_token`]: SECRETS.refreshToken,
    [`${prefix}/leaky/login_password`]: SECRETS.loginPassword,
    [`${prefix}/leaky/param_token`]: SECRETS.paramToken,
    [`${prefix}/leaky/team_token`]: SECRETS.teamToken,
  });
});
afterAll(async () => {
  await api.close();
  clearSecrets();
  clearTokenCache();
});

describe('no secret leaks', () => {
  let bucket: string;

  it('keeps every secret out of logs, metrics, errors, results, checkpoints and S3 across runs, retries, failures and check', async () => {
    bucket = await createTestBucket('sluice-leaks');
    const continuations: string[] = [];
    const handler = createHandler(definition(), {
      env: { AWS_LAMBDA_FUNCTION_NAME: 'sluice-leaky' },
      store: new S3Store({ bucket, client: testS3Client() }),
      secrets: new SsmSecretStore({ client: testSsmClient() }),
      logger: new PowertoolsLogger({ powertools: new Powertools({ serviceName: 'sluice-leaky', logLevel: 'DEBUG' }) }),
      invoke: async (_fn, payload) => void continuations.push((payload as { continue: string }).continue),
    });
    const results: unknown[] = [];
    const errors: unknown[] = [];
    const checkpoints: string[] = [];
    const invoke = async (event: unknown, remainingMs: number): Promise<RunSummary | undefined> => {
      try {
        const result = await capturingOutput(() => handler(event, { getRemainingTimeInMillis: () => remainingMs, awsRequestId: 'req-1' }));
        results.push(result);
        return result as RunSummary;
      } catch (error) {
        errors.push(error);
        return undefined;
      }
    };
    /** A run forced to continue after every page (no invocation has time left), every checkpoint captured. */
    const runThrough = async (): Promise<RunSummary | undefined> => {
      let summary = await invoke({ trigger: 'schedule' }, 0);
      while (summary?.status === 'continued') {
        const key = continuations.at(-1) as string;
        const object = await testS3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        checkpoints.push(`${key}\n${await object.Body!.transformToString()}`);
        summary = await invoke({ continue: key }, 0);
      }
      return summary;
    };

    // 1. Retries: a 429 on the first request of every route, a 503 from the token endpoint.
    for (const route of new Set(Object.values(ROUTE))) api.addFault({ path: route, kind: 'status', status: 429, times: 1 });
    api.addFault({ path: '/oauth/token', kind: 'status', status: 503, times: 1 });
    const first = await runThrough();
    expect(first?.status).toBe('succeeded');
    expect(checkpoints.length).toBeGreaterThanOrEqual(RESOURCES.length * 2);

    // 2. A warm run whose cached tokens the API has revoked (401, token dropped, new one).
    api.clearFaults();
    api.revokeTokens();
    expect((await runThrough())?.status).toBe('succeeded');

    // 3. check, fine and failing.
    expect(await invoke({ mode: 'check' }, 900_000)).toMatchObject({ ok: true });
    api.addFault({ path: /^\/(bearer|apikey-header|apikey-query|basic|oauth2|session|public)\//, kind: 'status', status: 500, body: echoBody(), times: Infinity });
    expect(await invoke({ mode: 'check' }, 900_000)).toMatchObject({ ok: false });

    // 4. Failed runs, one per strategy: a 500 storm outlasting the one retry.
    for (const resource of RESOURCES) expect(await invoke({ mode: 'run', resources: [resource] }, 900_000)).toBeUndefined();
    api.clearFaults();
    expect(errors).toHaveLength(RESOURCES.length);

    // 5. Token, refresh and login requests failing with bodies that echo the credentials they were sent.
    clearTokenCache();
    api.addFault({ path: /^\/(oauth\/token|login)/, kind: 'status', status: 500, body: echoBody(), times: Infinity });
    for (const resource of ['r_oauth_cc', 'r_oauth_refresh', 'r_session']) expect(await invoke({ mode: 'run', resources: [resource] }, 900_000)).toBeUndefined();
    api.clearFaults();
    expect(errors).toHaveLength(RESOURCES.length + 3);

    const s3 = await bucketDump(bucket);
    const haystack = [captured.join(''), ...errors.map(errorText), JSON.stringify(results), ...checkpoints, ...s3].join('\n');
    // The capture is real: the debug logs, the failed manifests and the echoed record are there.
    expect(captured.join('')).toMatch(/"level":"DEBUG"/);
    expect(haystack).toMatch(/"status": ?"failed"/);
    expect(s3.join('\n')).toContain('"note":"key ***, bearer ***"');
    expect(s3.join('\n')).toContain('"self":"https://api.example.com/items/26?api_key=***"');
    expect(wireCredentials(api.requests).length).toBeGreaterThan(10);
    // The API's next URLs carry the key; the checkpoints keep them, redacted.
    expect(checkpoints.join('\n')).toMatch(/api_key=\*\*\*/);
    expect(checkpoints.join('\n')).toMatch(/token=\*\*\*/);
    // The echoing error bodies reached the errors, redacted: form, JSON "\/" and base64 forms alike.
    expect(haystack).toMatch(/client_secret=\*\*\*&token=\*\*\*/);
    expect(haystack).toMatch(/"b64\\?":\s*\\?"\*\*\*/);
    expectNoLeak(haystack);
  });

  it('keeps every secret out of the CLI output of run and check, --verbose and failing included', async () => {
    const dir = tempDir('sluice-leaks-');
    // The CLI loads TypeScript sources: this one registers session_login first, as a user's would.
    const sourceFile = join(dir, 'leaky.ts');
    writeFileSync(
      sourceFile,
      `import ${JSON.stringify(join(ROOT, 'sources/examples/auth/SessionLoginAuth'))};\nexport default ${JSON.stringify(definition(), null, 2)};\n`,
    );
    const secretsFile = writeJson(dir, 'secrets.json', {
      [`${prefix}/leaky/bearer`]: SECRETS.bearer,
      [`${prefix}/leaky/api_key`]: SECRETS.apiKey,
      [`${prefix}/leaky/basic_password`]: SECRETS.basicPassword,
      [`${prefix}/leaky/client_secret`]: SECRETS.clientSecret,
      [`${prefix}/leaky/refresh_token`]: api.currentRefreshToken,
      [`${prefix}/leaky/login_password`]: SECRETS.loginPassword,
      [`${prefix}/leaky/param_token`]: SECRETS.paramToken,
      [`${prefix}/leaky/team_token`]: SECRETS.teamToken,
    });
    const env = { NO_COLOR: '1' };
    const out = join(dir, 'data');
    const outputs: string[] = [];
    const cli = async (args: string[]): Promise<number | null> => {
      const result = await runCli(args, { env });
      outputs.push(`$ sluice ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
      return result.code;
    };

    api.addFault({ path: '/apikey-query/', kind: 'status', status: 429, times: 1 });
    expect(await cli(['run', sourceFile, '--out', out, '--secrets-file', secretsFile, '--verbose'])).toBe(0);
    expect(await cli(['check', sourceFile, '--secrets-file', secretsFile, '--json'])).toBe(0);
    api.addFault({ path: /^\/(apikey-query|basic|session|public)\//, kind: 'status', status: 500, body: echoBody(), times: Infinity });
    expect(await cli(['run', sourceFile, '--out', out, '--secrets-file', secretsFile, '--verbose'])).toBe(1);
    expect(await cli(['run', sourceFile, '--out', out, '--secrets-file', secretsFile, '--json'])).toBe(1);
    expect(await cli(['check', sourceFile, '--secrets-file', secretsFile, '--verbose'])).toBe(1);
    api.clearFaults();

    const written = readdirSync(out, { recursive: true, encoding: 'utf8' })
      .map((f) => join(out, f))
      .filter((f) => statSync(f).isFile())
      .map((f) => `${f}\n${f.endsWith('.gz') ? gunzipSync(readFileSync(f)).toString('utf8') : readFileSync(f, 'utf8')}`);
    const haystack = [...outputs, ...written].join('\n');
    expect(haystack).toMatch(/DEBUG/);
    expect(haystack).toMatch(/status 500/);
    expectNoLeak(haystack);
  });
});
