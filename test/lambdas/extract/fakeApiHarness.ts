/**
 * Drives `fetchPages` the way a run does, against the shared fake API: a source
 * validated and normalized by `validateSource`, the real HTTP client, and a
 * `sleep` that records the waits asked for instead of waiting.
 */
import type { ResourceModel, SourceModel } from '../../../lambdas/model';
import { validateSource } from '../../../lambdas/config/validateSource';
import { fetchPages, type FetchContext, type Page } from '../../../lambdas/extract/fetchPages';
import { createHttpClient, type HttpClientOptions } from '../../../lambdas/http/HttpClient';
import type { Logger } from '../../../lambdas/observability/Logger';
import { silentLogger } from '../../../lambdas/observability/Logger';
import type { FakeApi, LoggedRequest } from '../../support/fakeApi';

/** Validates a one-source definition around `resources`, with `base_url` the fake API. */
export function fakeSource(api: FakeApi, resources: unknown[], client: Record<string, unknown> = {}): SourceModel {
  return validateSource({ name: 'fake', client: { base_url: api.baseUrl, ...client }, resources });
}

/** Fetches the first resource of a one-resource source built by {@link fakeSource}. */
export function fetchResource(api: FakeApi, resource: unknown, options: FetchAllOptions & { sourceClient?: Record<string, unknown> } = {}): Promise<Fetched> {
  const { sourceClient, ...rest } = options;
  const source = fakeSource(api, [resource], sourceClient);
  return fetchAll(source, source.resources[0], rest);
}

/** Options of {@link fetchAll}. */
export interface FetchAllOptions extends Partial<Omit<FetchContext, 'resource' | 'http'>> {
  /** Overrides of the HTTP client options. */
  readonly client?: Partial<HttpClientOptions>;
  /** Receives every wait the client asks for (pass one to inspect it after a failure). */
  readonly delays?: number[];
}

/** What one chain fetched, and the waits the client asked for. */
export interface Fetched {
  readonly pages: Page[];
  readonly delays: number[];
}

/** Runs the page loop of `resource` (of `source`) to its end. */
export async function fetchAll(source: SourceModel, resource: ResourceModel, options: FetchAllOptions = {}): Promise<Fetched> {
  const { client, delays = [], ...context } = options;
  const logger: Logger = context.logger ?? silentLogger;
  const http = createHttpClient({
    baseUrl: source.client.baseUrl,
    timeoutMs: source.client.timeoutMs,
    retries: source.client.retries,
    allowedHosts: source.client.allowedHosts,
    maxResponseBytes: source.client.maxResponseBytes,
    logger,
    sleep: async (ms) => void delays.push(ms),
    random: () => 0,
    ...client,
  });
  const ctx: FetchContext = {
    resource,
    baseUrl: source.client.baseUrl,
    http,
    resolveSecret: (value) => String(value),
    vars: {},
    maxPages: resource.maxPages,
    logger,
    ...context,
  };
  const pages: Page[] = [];
  for await (const page of fetchPages(ctx)) pages.push(page);
  return { pages, delays };
}

/** The ids of every record of `pages`, in order. */
export function idsOf(pages: readonly Page[]): number[] {
  return pages.flatMap((page) => page.records.map((record) => (record as { id: number }).id));
}

/** 1..n. */
export function range(n: number, from = 1): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

/** The query parameters of each logged request; a repeated parameter shows as an array. */
export function queries(requests: readonly LoggedRequest[]): Array<Record<string, string | string[]>> {
  return requests.map((request) => request.query);
}
