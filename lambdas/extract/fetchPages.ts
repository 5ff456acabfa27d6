/**
 * The page loop of one request chain (a resource, or one parent record of a
 * child): build the first request, send it, select the records, let the
 * paginator decide, repeat. Stops when the paginator says so, when a response
 * action ignores a response, when a selector's path vanishes on a later page,
 * or at `maxPages` (success, flagged `truncated`). One page is fetched ahead
 * by the caller (it asks for the next page before writing this one); a
 * paginator that plans its remaining pages ({@link Paginator.plannedPages}:
 * offset and page_number with `concurrency` once the total is known) has them
 * fetched N at a time; pages are still yielded strictly in order. A caller that
 * stops (a continuation) passes {@link ARRIVED_ONLY} to `next` to take the pages
 * already fetched ahead, so that the next invocation does not ask for them again.
 */
import type { AuthStrategy } from '../auth/AuthStrategy';
import type { ResourceModel } from '../model';
import { PaginationLoopError } from '../errors/PaginationLoopError';
import { SelectorError } from '../errors/SelectorError';
import type { HttpClient } from '../http/HttpClient';
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import { redactUrl } from '../http/redactUrl';
import { requestUrl } from '../http/requestUrl';
import type { Logger } from '../observability/Logger';
import { createPaginator } from '../paginators/createPaginator';
import type { Paginator, PaginatorState } from '../paginators/Paginator';
import { buildRequest } from '../request/buildRequest';
import { restoreSecretParams } from '../request/resolveSecretRefs';
import type { TemplateVars } from '../request/TemplateVars';
import type { SecretRef } from '../secrets/SecretRef';
import { selectRecords } from '../selectors/selectRecords';

export type { TemplateVars } from '../request/TemplateVars';

/** Everything the page loop of one request chain needs. */
export interface FetchContext {
  resource: ResourceModel;
  baseUrl: string;
  http: HttpClient;
  auth?: AuthStrategy;
  /** Resolves a header value that may be a secret reference. */
  /** The value of a secret reference in headers, params or the body. */
  resolveSecret: (ref: SecretRef) => string;
  /** The parent record and the incremental window of this chain. */
  vars: TemplateVars;
  /** A {@link Page.state} to continue after (a continuation). */
  resume?: PaginatorState;
  /** Pages of this chain at most (counted across continuations); undefined: no limit. */
  maxPages?: number;
  logger: Logger;
  signal?: AbortSignal;
  /**
   * Once the chain stops (a continuation), how long a page already requested may still be waited
   * for, asked each time (0 or less: not at all). Absent: as long as the request takes (its timeout).
   */
  stopWaitMs?: () => number;
}

/** One page of records. */
export interface Page {
  records: unknown[];
  /** 0-based within this chain, continuing after a resume. */
  index: number;
  /** The position to resume AFTER this page (pass as {@link FetchContext.resume}). */
  state: PaginatorState;
  status: number;
  bytes: number;
  /** True on the chain's last page. */
  last: boolean;
  /** True on the last page when `maxPages` stopped the chain while more pages were left. */
  truncated?: boolean;
  /** The first page's top-level keys when its `data_selector` path did not exist (0 records, a warning). */
  selectorAbsent?: readonly string[];
}

/**
 * Passed to the page generator's `next` once the caller has decided to stop
 * (a continuation): it starts no request, yields the next page only if it was
 * fetched ahead (its request already sent: a page in flight is waited for), and
 * otherwise ends.
 */
export const ARRIVED_ONLY = Symbol('arrived only');

/** What the caller passes to the page generator's `next`. */
export type NextPage = typeof ARRIVED_ONLY | undefined;

interface Loop {
  readonly ctx: FetchContext;
  readonly paginator: Paginator;
  readonly send: (request: HttpRequest, signal?: AbortSignal) => Promise<HttpResponse | undefined>;
  readonly resumed: boolean;
}

/** Reads one response into a page; `more` says whether the chain goes on. */
function toPage(loop: Loop, response: HttpResponse, index: number): Page {
  const { ctx, paginator } = loop;
  const { records, missing, absentOnFirstPage } = selectRecords(response.body, {
    resource: ctx.resource.name,
    dataSelector: ctx.resource.endpoint.selector.kind === 'path' ? ctx.resource.endpoint.selector.path : undefined,
    firstPage: index === 0 && !loop.resumed,
  });
  try {
    paginator.updateState(response, records);
  } catch (error) {
    throw error instanceof PaginationLoopError ? error.withResource(ctx.resource.name) : error;
  }
  const more = paginator.hasNextPage && !missing;
  const truncated = more && ctx.maxPages !== undefined && index + 1 >= ctx.maxPages;
  const page: Page = {
    records,
    index,
    state: { index: index + 1, paginator: paginator.saveState() },
    status: response.status,
    bytes: response.bytes,
    last: !more || truncated,
  };
  if (truncated) page.truncated = true;
  if (absentOnFirstPage) {
    page.selectorAbsent = absentOnFirstPage;
    // dlt's behaviour: no records, not a failure; said once, with what the body does hold.
    const selector = ctx.resource.endpoint.selector;
    const dataSelector = selector.kind === 'path' ? selector.path : undefined;
    ctx.logger.warn(new SelectorError(ctx.resource.name, dataSelector ?? '$', absentOnFirstPage).message + ': 0 records', {
      resource: ctx.resource.name,
      data_selector: dataSelector,
      keys: absentOnFirstPage,
    });
  }
  ctx.logger.debug('page fetched', {
    resource: ctx.resource.name,
    page: index,
    status: response.status,
    records: records.length,
    bytes: response.bytes,
    url: redactUrl(response.url),
  });
  // Per chain, so debug: the resource warns once when it ends (runResource), however many chains were cut.
  if (truncated) ctx.logger.debug('max_pages reached: stopping this request chain', { resource: ctx.resource.name, max_pages: ctx.maxPages });
  return page;
}

/** `promise`'s value, or undefined when it rejects or is not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  const settled = promise.catch(() => undefined);
  if (ms === Number.POSITIVE_INFINITY) return settled;
  if (ms <= 0) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([settled, new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Fetches planned requests, `concurrency` of them in flight at all times (a
 * slow page does not hold the others' slots), and yields pages strictly in
 * order: pages that arrive before the one due wait, `concurrency` of them at most.
 */
async function* fetchPlanned(loop: Loop, planned: readonly HttpRequest[], firstIndex: number, concurrency: number): AsyncGenerator<Page, void, NextPage> {
  const { ctx } = loop;
  const room = ctx.maxPages === undefined ? planned.length : Math.max(0, ctx.maxPages - firstIndex);
  const requests = planned.slice(0, room);
  const stop = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, stop.signal]) : stop.signal;
  const responses: Array<Promise<HttpResponse | undefined> | undefined> = [];
  // Set by ARRIVED_ONLY: no request is started any more; the ones already out are still taken.
  let draining = false;
  let launched = 0;
  let running = 0;
  let consumed = 0;
  const fill = (): void => {
    while (!draining && !stop.signal.aborted && running < concurrency && launched < requests.length && launched - consumed < 2 * concurrency) {
      const pending = loop.send(requests[launched], signal);
      responses[launched++] = pending;
      running++;
      const settled = (): void => {
        running--;
        fill();
      };
      // Also marks a rejection as handled: it is awaited in order below.
      pending.then(settled, settled);
    }
  };
  try {
    fill();
    for (let i = 0; i < requests.length; i++) {
      let response: HttpResponse | undefined;
      if (!draining) response = await responses[i];
      else {
        // Stopping: a page never sent ends the chain here; one in flight is waited for as long as
        // the invocation's time allows (ctx.stopWaitMs); one that failed, or is not in by then, is
        // left to the next invocation, which asks for it again.
        if (i >= launched) return;
        response = await within(responses[i] as Promise<HttpResponse | undefined>, ctx.stopWaitMs?.() ?? Number.POSITIVE_INFINITY);
      }
      responses[i] = undefined;
      consumed++;
      fill();
      if (!response) return;
      const page = toPage(loop, response, firstIndex + i);
      if ((yield page) === ARRIVED_ONLY) draining = true;
      if (page.last) return;
    }
  } finally {
    stop.abort();
  }
}

/**
 * Yields the pages of one request chain in order.
 * @throws HttpError, PaginationLoopError, ParentFieldError, PaginatorError
 * @example for await (const page of fetchPages(ctx)) write(page.records);
 */
export async function* fetchPages(ctx: FetchContext): AsyncGenerator<Page, void, NextPage> {
  const endpoint = ctx.resource.endpoint;
  const paginator = createPaginator(endpoint.paginator, ctx.logger);
  const request = buildRequest(ctx.resource, ctx.vars, ctx.resolveSecret, ctx.baseUrl);
  paginator.initRequest(request);
  let index = 0;
  if (ctx.resume) {
    index = typeof ctx.resume.index === 'number' ? ctx.resume.index : 0;
    paginator.restoreState((ctx.resume.paginator as PaginatorState | undefined) ?? {});
    if (!paginator.hasNextPage) return;
    paginator.updateRequest(request);
    // A stored next URL holds `***` where the API copied a secret-referenced param.
    request.url = restoreSecretParams(request.url, endpoint.params, ctx.resolveSecret);
  }
  if (ctx.maxPages !== undefined && index >= ctx.maxPages) return;
  const loop: Loop = {
    ctx,
    paginator,
    resumed: ctx.resume !== undefined,
    send: (r, signal = ctx.signal) => ctx.http.send(r, { auth: ctx.auth, responseActions: endpoint.responseActions, signal }),
  };
  for (;;) {
    const response = await loop.send(request);
    if (!response) {
      ctx.logger.debug('response ignored: resource ends', { resource: ctx.resource.name, url: redactUrl(requestUrl(request)) });
      return;
    }
    const page = toPage(loop, response, index);
    // One chain, one page at a time: none was fetched ahead, so a stopping caller has nothing more to take.
    if ((yield page) === ARRIVED_ONLY) return;
    if (page.last) return;
    index++;
    // A capability, not a type: any paginator (a registered one too) may plan its remaining pages.
    const planned = paginator.plannedPages?.(request);
    if (planned && planned.requests.length > 0) {
      yield* fetchPlanned(loop, planned.requests, index, Math.max(1, planned.concurrency));
      return;
    }
    paginator.updateRequest(request);
  }
}
