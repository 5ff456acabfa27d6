/**
 * The one authenticated GET `sluice init` makes per path, through the engine
 * itself: the draft source is validated like any source, its secrets resolved
 * (and registered for redaction) from the store given, and the request built
 * and sent by the run's own HTTP client and auth strategy, so init reaches the
 * API exactly as a run will (origin rules, retries as few as `check` allows).
 */
import type { HttpResponse } from '../../../lambdas/http/HttpTypes';
import type { Logger } from '../../../lambdas/observability/Logger';
import { RunMetrics } from '../../../lambdas/observability/metrics';
import type { SourceModel } from '../../../lambdas/model';
import { buildRequest } from '../../../lambdas/request/buildRequest';
import { checkRetries } from '../../../lambdas/run/checkSource';
import { createRunContext } from '../../../lambdas/run/RunContext';
import type { SecretStore } from '../../../lambdas/secrets/SecretStore';

/** The first response of every resource of `source`, in order (undefined when a response action said ignore). */
export async function probeResources(source: SourceModel, secrets: SecretStore, logger: Logger): Promise<Map<string, HttpResponse | undefined>> {
  const ctx = await createRunContext({ source, secrets, logger, metrics: new RunMetrics(source.name), retries: checkRetries(source) });
  const responses = new Map<string, HttpResponse | undefined>();
  for (const resource of source.resources) {
    const fetch = ctx.fetchContext(resource, {}, { maxPages: 1, logger });
    const request = buildRequest(resource, {}, fetch.resolveSecret, fetch.baseUrl);
    responses.set(resource.name, await fetch.http.send(request, { auth: fetch.auth, responseActions: resource.endpoint.responseActions }));
  }
  return responses;
}
