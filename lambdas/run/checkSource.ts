/**
 * `check`: can sluice reach the API and find records? Requests the first page
 * of each top-level resource; a child is checked with the first record of its
 * parent's first page. Writes nothing.
 */
import type { ResourceModel, SourceModel } from '../model';
import { fetchPages } from '../extract/fetchPages';
import type { RetrySettings } from '../http/HttpClient';
import { SelectorError } from '../errors/SelectorError';
import { IncrementalCursor } from '../incremental/IncrementalCursor';
import type { Logger } from '../observability/Logger';
import { silentLogger } from '../observability/Logger';
import { RunMetrics } from '../observability/metrics';
import { redact } from '../secrets/Redactor';
import type { SecretStore } from '../secrets/SecretStore';
import { planResources } from './resourcePlan';
import { missingFieldProblem } from './checkFields';
import { createRunContext } from './RunContext';
import type { RunContext } from './RunContext';

/** One resource's check result (CONTRACT, "Lambda handler"). */
export interface ResourceCheck {
  ok: boolean;
  /** The first page's HTTP status; null when no response came back or the check was skipped. */
  status: number | null;
  records_found: boolean;
  elapsed_ms: number;
  error?: string;
  /** Why it was not requested, e.g. `parent has no records`. */
  skipped?: string;
}

/** The check response. */
export interface CheckResponse {
  mode: 'check';
  source: string;
  /** True when every resource is ok. */
  ok: boolean;
  resources: Record<string, ResourceCheck>;
}

/** Options of {@link checkSource}. */
export interface CheckOptions {
  readonly source: SourceModel;
  readonly secrets: SecretStore;
  /** Check only these (and the parents they need). @default every selected resource */
  readonly resources?: readonly string[];
  readonly logger?: Logger;
  readonly metrics?: RunMetrics;
  /** Milliseconds clock for `elapsed_ms`. @default performance.now */
  readonly clock?: () => number;
}

async function firstPage(
  ctx: RunContext,
  resource: ResourceModel,
  parent: Record<string, unknown> | undefined,
  logger: Logger,
): Promise<{ status: number; records: unknown[]; selectorAbsent?: readonly string[] }> {
  const incremental = resource.endpoint.incremental ? new IncrementalCursor(resource.endpoint.incremental, { resource: resource.name }).templateVars() : undefined;
  const context = ctx.fetchContext(resource, { ...(parent ? { parent } : {}), ...(incremental ? { incremental } : {}) }, { maxPages: 1, logger });
  for await (const page of fetchPages(context)) return { status: page.status, records: page.records, selectorAbsent: page.selectorAbsent };
  return { status: 0, records: [] };
}

/**
 * At most one retry, after at most a second of backoff, whatever
 * `client.retries` says; a `Retry-After` up to 5 s is honoured (a rate limit
 * answering 429 + `Retry-After: 3` is a working API), a longer one is reported
 * with the wait it asked for.
 */
export const CHECK_RETRIES = Object.freeze({ limit: 1, maxDelayMs: 1_000, retryAfterMaxMs: 5_000 });

/** The retries of a check (or `sluice init`'s probe) of `source`: {@link CHECK_RETRIES} or fewer, as `client.retries` allows. */
export function checkRetries(source: SourceModel): RetrySettings {
  const { limit, maxDelayMs } = source.client.retries;
  return { limit: Math.min(limit, CHECK_RETRIES.limit), maxDelayMs: Math.min(maxDelayMs, CHECK_RETRIES.maxDelayMs), retryAfterMaxMs: Math.min(maxDelayMs, CHECK_RETRIES.retryAfterMaxMs) };
}

/**
 * Checks a source.
 * @throws ResourceSelectionError for an unknown resource name, or the secret store's error for a missing secret (before any request)
 */
export async function checkSource(options: CheckOptions): Promise<CheckResponse> {
  const { source } = options;
  const logger = (options.logger ?? silentLogger).child({ source: source.name, mode: 'check' });
  const clock = options.clock ?? (() => performance.now());
  const plan = planResources(source, options.resources);
  // A check answers "does this work?" for a person waiting at a terminal: one quick retry shows a
  // flaky API, and a host that does not answer fails in seconds instead of after minutes of backoff.
  const retries = checkRetries(source);
  const ctx = await createRunContext({ source, secrets: options.secrets, logger, metrics: options.metrics ?? new RunMetrics(source.name), retries });
  const resources: Record<string, ResourceCheck> = {};
  const firstRecord = new Map<string, Record<string, unknown> | undefined>();

  for (const { resource } of plan) {
    const log = logger.child({ resource: resource.name });
    const parentName = resource.parent?.resource;
    let parent: Record<string, unknown> | undefined;
    if (parentName) {
      const parentCheck = resources[parentName];
      if (!parentCheck?.ok || parentCheck.skipped) {
        resources[resource.name] = parentCheck?.ok
          ? { ok: true, status: null, records_found: false, elapsed_ms: 0, skipped: `parent "${parentName}" was skipped` }
          : { ok: false, status: null, records_found: false, elapsed_ms: 0, error: `parent "${parentName}" failed` };
        continue;
      }
      parent = firstRecord.get(parentName);
      if (!parent) {
        resources[resource.name] = { ok: true, status: null, records_found: false, elapsed_ms: 0, skipped: 'parent has no records' };
        continue;
      }
    }
    const start = clock();
    try {
      const page = await firstPage(ctx, resource, parent, log);
      const first = page.records[0];
      firstRecord.set(resource.name, first !== null && typeof first === 'object' ? (first as Record<string, unknown>) : undefined);
      const elapsed = Math.round(clock() - start);
      const missing = missingFieldProblem(source, resource, page.records);
      if (page.selectorAbsent) {
        // A run carries on with 0 records and a warning; a check reports it as the problem it is (CONTRACT).
        const error = new SelectorError(resource.name, resource.endpoint.selector.kind === 'path' ? resource.endpoint.selector.path : '$', page.selectorAbsent).message;
        resources[resource.name] = { ok: false, status: page.status, records_found: false, elapsed_ms: elapsed, error };
      } else if (missing) {
        resources[resource.name] = { ok: false, status: page.status, records_found: page.records.length > 0, elapsed_ms: elapsed, error: missing };
      } else {
        resources[resource.name] = { ok: true, status: page.status, records_found: page.records.length > 0, elapsed_ms: elapsed };
        log.info('check ok', { status: page.status, records: page.records.length });
      }
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const message = redact(error instanceof Error ? error.message : String(error));
      resources[resource.name] = { ok: false, status: typeof status === 'number' ? status : null, records_found: false, elapsed_ms: Math.round(clock() - start), error: message };
      log.warn('check failed', { error });
    }
  }
  return { mode: 'check', source: source.name, ok: Object.values(resources).every((r) => r.ok), resources };
}
