/**
 * What every request chain of a run shares: the resolved secrets, one auth
 * strategy per distinct `auth` block (so resources sharing `client.auth` share
 * one OAuth2 token), one HTTP client per resource (so retries are counted per
 * resource) and one, built alike, for token and login requests, the one
 * {@link RequestBudget} all of those clients take their places in, and the
 * builder of a chain's {@link FetchContext}.
 */
import { createAuth } from '../auth/createAuth';
import type { AuthStrategy } from '../auth/AuthStrategy';
import type { ResourceModel, SourceModel } from '../model';
import type { FetchContext } from '../extract/fetchPages';
import { createHttpClient } from '../http/HttpClient';
import type { HttpClientOptions, RetrySettings, RunDeadline } from '../http/HttpClient';
import { RequestBudget } from '../http/RequestBudget';
import type { Logger } from '../observability/Logger';
import type { RunMetrics } from '../observability/metrics';
import type { PaginatorState } from '../paginators/Paginator';
import { isSecretRef } from '../secrets/SecretRef';
import type { StringOrSecret } from '../secrets/SecretRef';
import type { SecretStore } from '../secrets/SecretStore';
import type { SecretValues } from '../secrets/SecretValues';
import { resolveSecrets } from '../secrets/resolveSecrets';

/** The variables a chain's templates expand. */
export interface ChainVars {
  parent?: Record<string, unknown>;
  incremental?: { start_value?: unknown; end_value?: unknown };
}

/** Shared per-run request machinery. */
export interface RunContext {
  readonly source: SourceModel;
  readonly secrets: SecretValues;
  /** `client.concurrency` and `client.rate_limit` for every request of this invocation, token requests included. */
  readonly budget: RequestBudget;
  /** Builds the context of one request chain of `resource`. */
  fetchContext(
    resource: ResourceModel,
    vars: ChainVars,
    options: { resume?: PaginatorState; maxPages?: number; logger: Logger; signal?: AbortSignal },
  ): FetchContext;
}

/** Options of {@link createRunContext}. */
export interface RunContextOptions {
  readonly source: SourceModel;
  readonly secrets: SecretStore;
  readonly logger: Logger;
  readonly metrics: RunMetrics;
  /** The invocation's deadline, which no retry wait may cross; absent: none. */
  readonly deadline?: RunDeadline;
  /** Retries instead of `client.retries` (a check asks for fewer, so a dead host fails in seconds). */
  readonly retries?: RetrySettings;
}

/**
 * Resolves the source's secrets (registering them with the Redactor) and sets
 * up auth and HTTP. Throws the secret store's error when a secret is missing.
 */
export async function createRunContext(options: RunContextOptions): Promise<RunContext> {
  const { source, logger, metrics } = options;
  const secrets = await resolveSecrets(source, options.secrets);
  // One per invocation, shared by every client below: the limits are the source's, whichever chain sends.
  const budget = new RequestBudget({ concurrency: source.client.concurrency, rateLimit: source.client.rateLimit });
  const settings = (log: Logger, count: HttpClientOptions['count']): HttpClientOptions => ({
    baseUrl: source.client.baseUrl,
    timeoutMs: source.client.timeoutMs,
    retries: options.retries ?? source.client.retries,
    allowedHosts: source.client.allowedHosts,
    maxResponseBytes: source.client.maxResponseBytes,
    deadline: options.deadline,
    budget,
    logger: log,
    count,
  });
  // Token and login requests: the same client as pages, their retries counted for the source.
  const tokenHttp = createHttpClient(settings(logger, (metric, n = 1) => metrics.add(metric, n)));
  const resolve = (value: StringOrSecret): string => (isSecretRef(value) ? secrets.get(value) : value);
  // Keyed by where the block is declared: resources sharing `client.auth` share one strategy (and one token).
  const strategies = new Map<string, AuthStrategy>();
  const authFor = (resource: ResourceModel): AuthStrategy | undefined => {
    const config = resource.endpoint.auth;
    if (!config) return undefined;
    let strategy = strategies.get(config.at);
    if (!strategy) {
      strategy = createAuth(config, {
        sourceName: source.name,
        configPath: config.at,
        resolve,
        secrets,
        http: tokenHttp,
        logger,
        count: (metric, n = 1) => metrics.add(metric, n),
      });
      strategies.set(config.at, strategy);
    }
    return strategy;
  };
  const clients = new Map<string, ReturnType<typeof createHttpClient>>();
  const httpFor = (resource: ResourceModel, log: Logger): ReturnType<typeof createHttpClient> => {
    let client = clients.get(resource.name);
    if (!client) {
      client = createHttpClient(settings(log, (metric, n = 1) => metrics.add(metric, n, resource.name)));
      clients.set(resource.name, client);
    }
    return client;
  };
  return {
    source,
    secrets,
    budget,
    fetchContext(resource, vars, { resume, maxPages, logger: log, signal }) {
      return {
        resource,
        baseUrl: source.client.baseUrl,
        http: httpFor(resource, log),
        auth: authFor(resource),
        resolveSecret: (ref) => secrets.get(ref),
        vars,
        resume,
        maxPages,
        logger: log,
        signal,
        ...(options.deadline ? { stopWaitMs: stopWaitOf(options.deadline) } : {}),
      };
    },
  };
}

/**
 * How long a stopping chain may still wait for a page in flight (see `FetchContext.stopWaitMs`):
 * until a tenth of the safety margin is left, which is ample for what follows, the checkpoint
 * (one S3 write) and the asynchronous invocation of the next run.
 */
function stopWaitOf(deadline: RunDeadline): () => number {
  return () => deadline.remainingTimeMs() - deadline.safetyMarginMs / 10;
}
