/**
 * Builds auth strategies the way a run does: validate a source definition,
 * resolve its secrets from a real store, then `createAuth` with a context
 * whose logger captures every line raw (not redacted), so tests can assert
 * that no secret value ever reaches a log line.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthContext } from '../../../lambdas/auth/AuthContext';
import type { AuthStrategy } from '../../../lambdas/auth/AuthStrategy';
import { createAuth } from '../../../lambdas/auth/createAuth';
import type { SourceModel } from '../../../lambdas/model';
import { validateSource } from '../../../lambdas/config/validateSource';
import type { Logger } from '../../../lambdas/observability/Logger';
import { isSecretRef } from '../../../lambdas/secrets/SecretRef';
import type { SecretStore } from '../../../lambdas/secrets/SecretStore';
import type { SecretValues } from '../../../lambdas/secrets/SecretValues';
import { resolveSecrets } from '../../../lambdas/secrets/resolveSecrets';
import { testHttpClient } from '../../support/httpClient';

/** One captured log line. */
export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly attributes: Record<string, unknown>;
}

/** A logger that keeps every line as written, unredacted. */
export function captureLogger(lines: LogLine[] = [], base: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const log = (level: string) => (message: string, attributes: Record<string, unknown> = {}) => void lines.push({ level, message, attributes: { ...base, ...attributes } });
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (more) => captureLogger(lines, { ...base, ...more }) };
}

/** What {@link buildAuth} returns. */
export interface BuiltAuth {
  readonly strategy: AuthStrategy;
  readonly ctx: AuthContext;
  readonly source: SourceModel;
  readonly secrets: SecretValues;
  readonly logs: LogLine[];
  readonly counts: Record<string, number>;
}

/** Options of {@link buildAuth}. */
export interface BuildOptions {
  readonly now?: () => number;
  readonly retries?: number;
  /** The token client's timeout. @default 5000 */
  readonly timeoutMs?: number;
  /** Receives every retry wait of the token client (waits are recorded, not slept). */
  readonly delays?: number[];
}

/** Validates `definition`, resolves its secrets from `store` and builds the strategy of `client.auth`. */
export async function buildAuth(definition: Record<string, unknown>, store: SecretStore, options: BuildOptions = {}): Promise<BuiltAuth> {
  const source = validateSource(definition);
  const secrets = await resolveSecrets(source, store);
  const logger = captureLogger();
  const counts: Record<string, number> = {};
  const ctx: AuthContext = {
    sourceName: source.name,
    configPath: 'client.auth',
    resolve: (value) => (isSecretRef(value) ? secrets.get(value) : value),
    secrets,
    http: testHttpClient({
      retries: { limit: options.retries ?? 2, maxDelayMs: 1000 },
      timeoutMs: options.timeoutMs ?? 5000,
      delays: options.delays,
      count: (metric, n = 1) => void (counts[metric] = (counts[metric] ?? 0) + n),
    }),
    logger,
    count: (metric, n = 1) => void (counts[metric] = (counts[metric] ?? 0) + n),
    now: options.now,
  };
  const auth = source.resources.map((r) => r.endpoint.auth).find((a) => a?.at === 'client.auth');
  if (!auth) throw new Error('buildAuth: the definition has no client.auth');
  return { strategy: createAuth(auth, ctx), ctx, source, secrets, logs: logger.lines, counts };
}

/** Sends a request through `strategy` with the real fetch, as the HTTP client does (credentials applied, then sent). */
export async function sendWith(strategy: AuthStrategy, url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(await strategy.authenticate(new Request(url, init)));
}

/** A scripted loopback endpoint: answers each request with the next scripted response (the last one repeats). */
export interface ScriptedServer {
  readonly url: string;
  readonly requests: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

/** Starts a node:http server that answers with `script` in order. */
export async function startScripted(script: Array<{ status: number; body: unknown; headers?: Record<string, string> }>): Promise<ScriptedServer> {
  const requests: ScriptedServer['requests'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const step = script[Math.min(requests.length - 1, script.length - 1)];
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(typeof step.body === 'string' ? step.body : JSON.stringify(step.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
