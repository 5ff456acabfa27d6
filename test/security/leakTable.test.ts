/**
 * The leak table: request kind × output × encoding, one test case per cell.
 * For each kind of request that carries a credential (a page, a next link, a
 * redirect, a token request, a refresh, a session login, a resend after a 401,
 * error bodies of 4xx and 5xx), a hostile API echoes every credential of that
 * request, and the pairs Basic auth carries (`user:password`,
 * `client_id:client_secret`), in every encoding: in records, links, redirects
 * and error bodies. The run goes through the handler (forced to continue after
 * each page, so checkpoints hold the links) and through the CLI (`run --json
 * --verbose`, `check --json`); each output is then searched for each encoding
 * of each of those credentials and of the tokens the API issued.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { clearTokenCache } from '../../lambdas/auth/tokenCache';
import { createHandler } from '../../lambdas/handler';
import { RunMetrics } from '../../lambdas/observability/metrics';
import { createStderrLogger } from '../../lambdas/observability/StderrLogger';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import { clearSecrets } from '../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { LocalStore } from '../../lambdas/sink/LocalStore';
import '../../sources/examples/auth/SessionLoginAuth';
import { ROOT, runCli, writeJson } from '../cli/support/runCli';
import { echoBody, echoOf, ENCODINGS, startEchoApi, type EchoApi, type EchoReply, type EchoRequest } from './support/echoApi';
import { errorText } from './support/leakScan';

// Each holds '/', '+', '=', '~', '!', '(', ')' and a space, so that no two of its encodings are the same text.
const SECRETS = {
  bearer: 'BEARER b/1+a=b~c!(d) 9f3e',
  api_key: 'APIKEY k/2+c=d~e!(f) 7a1c',
  param_token: 'PARAM p/3+e=f~g!(h) 5d2b',
  header_token: 'HEADER h/4+g=h~i!(j) 3c4d',
  client_secret: 'CLIENTSECRET s/6+k=l~m!(n) 1e2f',
  refresh_token: 'REFRESH r/7+m=n~o!(p) 8b9a',
  login_password: 'LOGINPW w/8+o=p~q!(r) 6c7d',
};
const CLIENT_ID = 'client-id-77';
const LOGIN_USER = 'etl-user';
const CLIENT_PAIR = `${CLIENT_ID}:${SECRETS.client_secret}`;
const LOGIN_PAIR = `${LOGIN_USER}:${SECRETS.login_password}`;

type Route = (api: EchoApi) => (request: EchoRequest) => EchoReply;

/** One kind of request: the source that sends it, what the API answers, and which credentials it carries. */
interface Kind {
  readonly name: string;
  readonly client?: Record<string, unknown>;
  readonly endpoint: Record<string, unknown>;
  /** The credentials this kind of request carries (the tokens the API issues are added). */
  readonly secrets: readonly string[];
  readonly route: Route;
}

const bearer = { type: 'bearer', token: { secret: 'bearer' } };
const pathOf = (r: EchoRequest): string => new URL(r.url, 'http://x').pathname;
const failWith = (status: number, secrets: readonly string[], api?: EchoApi): EchoReply => ({
  status,
  body: echoBody([...secrets, ...(api?.issued ?? [])], { error_description: echoOf([...secrets, ...(api?.issued ?? [])]) }),
});
const tokenReply = (api: EchoApi): EchoReply => ({ status: 200, body: JSON.stringify({ access_token: api.issue('ACCESS'), token_type: 'bearer', expires_in: 3600 }) });

const KINDS: readonly Kind[] = [
  {
    name: 'a page request',
    client: { headers: { 'X-Team-Token': { secret: 'header_token' } } },
    endpoint: { path: 'items', data_selector: 'data', params: { token: { secret: 'param_token' } }, paginator: { type: 'offset', limit: 1, total_path: 'total' }, auth: bearer },
    secrets: [SECRETS.bearer, SECRETS.param_token, SECRETS.header_token],
    route: () => (r) =>
      new URL(r.url, 'http://x').searchParams.get('offset') === '0'
        ? { status: 200, body: `{"data":[{"id":1,"echo":"${echoOf([SECRETS.bearer, SECRETS.param_token, SECRETS.header_token])}"}],"total":2}` }
        : failWith(403, [SECRETS.bearer, SECRETS.param_token, SECRETS.header_token]),
  },
  {
    name: 'a next link',
    endpoint: { path: 'items', data_selector: 'data', paginator: { type: 'json_link', next_url_path: 'next' }, auth: { type: 'api_key', name: 'api_key', location: 'query', api_key: { secret: 'api_key' } } },
    secrets: [SECRETS.api_key],
    route: (api) => (r) =>
      r.url.includes('page=2')
        ? failWith(500, [SECRETS.api_key])
        : {
            status: 200,
            body: JSON.stringify({ data: [{ id: 1 }], next: `${api.url}/items?page=2&api_key=${encodeURIComponent(SECRETS.api_key)}&echo=${encodeURIComponent(echoOf([SECRETS.api_key]))}` }),
          },
  },
  {
    name: 'a redirect',
    endpoint: { path: 'items', data_selector: 'data', params: { token: { secret: 'param_token' } }, auth: bearer },
    secrets: [SECRETS.bearer, SECRETS.param_token],
    route: () => (r) =>
      pathOf(r) === '/items'
        ? { status: 302, headers: { location: `/moved?token=${encodeURIComponent(SECRETS.param_token)}&echo=${encodeURIComponent(echoOf([SECRETS.bearer, SECRETS.param_token]))}` } }
        : failWith(500, [SECRETS.bearer, SECRETS.param_token]),
  },
  {
    name: 'a token request',
    endpoint: {
      path: 'items',
      data_selector: 'data',
      auth: { type: 'oauth2_client_credentials', client_auth: 'basic', access_token_url: 'TOKEN_URL', client_id: CLIENT_ID, client_secret: { secret: 'client_secret' } },
    },
    secrets: [SECRETS.client_secret, CLIENT_PAIR],
    route: () => () => failWith(400, [SECRETS.client_secret, CLIENT_PAIR]),
  },
  {
    name: 'a refresh',
    endpoint: {
      path: 'items',
      data_selector: 'data',
      auth: { type: 'oauth2_refresh_token', access_token_url: 'TOKEN_URL', refresh_token: { secret: 'refresh_token' }, client_id: CLIENT_ID, client_secret: { secret: 'client_secret' } },
    },
    secrets: [SECRETS.refresh_token, SECRETS.client_secret, CLIENT_PAIR],
    route: () => () => failWith(401, [SECRETS.refresh_token, SECRETS.client_secret, CLIENT_PAIR]),
  },
  {
    name: 'a session login',
    endpoint: { path: 'items', data_selector: 'data', auth: { type: 'session_login', login_url: 'LOGIN_URL', username: LOGIN_USER, password: { secret: 'login_password' } } },
    secrets: [SECRETS.login_password, LOGIN_PAIR],
    route: () => () => failWith(500, [SECRETS.login_password, LOGIN_PAIR]),
  },
  {
    name: 'a resend after a 401',
    endpoint: { path: 'items', data_selector: 'data', auth: { type: 'oauth2_client_credentials', access_token_url: 'TOKEN_URL', client_id: CLIENT_ID, client_secret: { secret: 'client_secret' } } },
    secrets: [SECRETS.client_secret, CLIENT_PAIR],
    // Every page answer is a 401 echoing the access token it was sent: sluice gets a new one, resends once, and fails.
    route: (api) => (r) => (pathOf(r) === '/token' ? tokenReply(api) : failWith(401, [SECRETS.client_secret, CLIENT_PAIR], api)),
  },
  {
    name: 'a request answered 4xx with an echo',
    endpoint: { path: 'items', data_selector: 'data', auth: bearer },
    secrets: [SECRETS.bearer],
    route: () => () => failWith(422, [SECRETS.bearer]),
  },
  {
    name: 'a request answered 5xx with an echo',
    endpoint: { path: 'items', data_selector: 'data', auth: bearer },
    secrets: [SECRETS.bearer],
    route: () => () => failWith(503, [SECRETS.bearer]),
  },
];

const OUTPUTS = ['thrown error', 'handler result', 'failed manifest', 'checkpoint', 'part files', 'stderr logs', '--json output', 'check output'] as const;
type Output = (typeof OUTPUTS)[number];

function definition(kind: Kind, api: EchoApi): Record<string, unknown> {
  const endpoint = JSON.parse(JSON.stringify(kind.endpoint).replace('"TOKEN_URL"', JSON.stringify(`${api.url}/token`)).replace('"LOGIN_URL"', JSON.stringify(`${api.url}/login`))) as Record<string, unknown>;
  return {
    name: 'leaky',
    client: { base_url: api.url, retries: { limit: 0, max_delay_ms: 5 }, ...kind.client },
    resources: [{ name: 'items', endpoint }],
  };
}

/** Every file under `dir` as `path\ncontent` (gzip unpacked), sorted into the outputs it belongs to. */
function storedOutputs(dir: string, into: Record<Output, string[]>): void {
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f))) {
    if (!statSync(file).isFile()) continue;
    const text = `${file}\n${file.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8')}`;
    if (file.includes('_checkpoints')) into.checkpoint.push(text);
    else if (file.endsWith('.jsonl.gz')) into['part files'].push(text);
    else if (/"status":\s*"failed"/.test(text)) into['failed manifest'].push(text);
  }
}

/** Runs one kind through the handler and the CLI; returns every output's text. */
async function runKind(kind: Kind): Promise<{ outputs: Record<Output, string>; secrets: string[] }> {
  const api = await startEchoApi();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-leak-table-'));
  clearSecrets();
  clearTokenCache();
  try {
    api.route = kind.route(api);
    const collected = Object.fromEntries(OUTPUTS.map((o) => [o, [] as string[]])) as Record<Output, string[]>;
    const files = Object.fromEntries(Object.entries(SECRETS).map(([k, v]) => [`/sluice/leaky/${k}`, v]));

    // The CLI, from a TypeScript source that registers session_login first, as a user's would. Its processes
    // run while the handler runs here: each has a redactor and token cache of its own.
    const source = join(dir, 'leaky.ts');
    writeFileSync(source, `import ${JSON.stringify(join(ROOT, 'sources/examples/auth/SessionLoginAuth'))};\nexport default ${JSON.stringify(definition(kind, api))};\n`);
    const secretsFile = writeJson(dir, 'secrets.json', files);
    const cli = Promise.all([
      runCli(['run', source, '--out', join(dir, 'out'), '--secrets-file', secretsFile, '--json', '--verbose'], { env: { NO_COLOR: '1' } }),
      runCli(['check', source, '--secrets-file', secretsFile, '--json'], { env: { NO_COLOR: '1' } }),
    ]);

    // The handler, with no time left: it continues after every page, so checkpoints carry the links.
    const queued: string[] = [];
    const handler = createHandler(definition(kind, api), {
      env: { AWS_LAMBDA_FUNCTION_NAME: 'sluice-leaky' },
      store: new LocalStore(join(dir, 'store')),
      secrets: new FileSecretStore(files),
      logger: createStderrLogger({ level: 'debug', write: (line) => void collected['stderr logs'].push(line) }),
      createMetrics: (s) => new RunMetrics(s.name),
      invoke: async (_fn, payload) => void queued.push((payload as { continue: string }).continue),
    });
    let event: unknown = { trigger: 'schedule' };
    for (let i = 0; i < 10; i++) {
      try {
        const result = (await handler(event, { getRemainingTimeInMillis: () => 0, awsRequestId: 'req-1' })) as RunSummary;
        collected['handler result'].push(JSON.stringify(result));
        if (result.status !== 'continued') break;
        event = { continue: queued.at(-1) };
      } catch (error) {
        collected['thrown error'].push(errorText(error));
        break;
      }
    }
    storedOutputs(join(dir, 'store'), collected);

    const [run, check] = await cli;
    collected['--json output'].push(run.stdout);
    collected['stderr logs'].push(run.stderr);
    collected['check output'].push(check.stdout, check.stderr);
    storedOutputs(join(dir, 'out'), collected);

    const outputs = Object.fromEntries(OUTPUTS.map((o) => [o, collected[o].join('\n')])) as Record<Output, string>;
    return { outputs, secrets: [...kind.secrets, ...api.issued] };
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
    clearSecrets();
    clearTokenCache();
  }
}

describe.each(KINDS)('the credentials of $name', (kind) => {
  let outputs: Record<Output, string>;
  let secrets: string[];
  beforeAll(async () => {
    ({ outputs, secrets } = await runKind(kind));
  });

  it('reached the outputs, redacted: the run failed on the echo, and the error says so with *** in place of every credential', () => {
    expect(outputs['thrown error']).toMatch(/\*\*\*/);
    expect(outputs['failed manifest']).toMatch(/\*\*\*/);
    expect(outputs['--json output']).toMatch(/"status":"failed"/);
    expect(outputs['--json output']).toMatch(/\*\*\*/);
  });

  describe.each(OUTPUTS)('in the %s', (output) => {
    it.each(Object.keys(ENCODINGS))('holds none of them %s', (encoding) => {
      const encode = ENCODINGS[encoding];
      const found = secrets.map(encode).filter((form) => outputs[output].includes(form));
      expect(found).toEqual([]);
    });
  });
});
