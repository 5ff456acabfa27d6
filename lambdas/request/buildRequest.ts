/**
 * Builds the first request of a request chain from a resource: path joined to
 * `base_url`, placeholders expanded, the incremental window put into
 * `start_param` / `end_param`, secret references in headers, params and the
 * body (`json` or `data`) resolved (after expansion, so a secret value is never read as a template).
 */
import type { ResourceModel } from '../model';
import type { HttpRequest } from '../http/HttpTypes';
import { isSecretRef, type SecretRef } from '../secrets/SecretRef';
import { expandTemplate } from './expandTemplate';
import { joinUrl } from './joinUrl';
import { resolveSecretRefs } from './resolveSecretRefs';
import type { TemplateVars } from './TemplateVars';

/**
 * The first request of `resource`'s chain for one parent record / incremental window.
 * @param resolveSecret the value of a secret reference (resolved before the run).
 * @param baseUrl the client's `base_url` the path is relative to.
 */
export function buildRequest(
  resource: ResourceModel,
  vars: TemplateVars,
  resolveSecret: (ref: SecretRef) => string,
  baseUrl: string,
): HttpRequest {
  const endpoint = resource.endpoint;
  const path = expandTemplate(endpoint.path, vars, { encode: true, resource: resource.name }) as string;
  const params = { ...(resolveSecretRefs(expandTemplate(endpoint.params, vars), resolveSecret) as Record<string, unknown>) };
  const incremental = endpoint.incremental;
  if (incremental?.startParam && vars.incremental?.start_value !== undefined) {
    params[incremental.startParam] = vars.incremental.start_value;
  }
  if (incremental?.endParam && vars.incremental?.end_value !== undefined) {
    params[incremental.endParam] = vars.incremental.end_value;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(endpoint.headers)) {
    headers[name] = isSecretRef(value) ? resolveSecret(value) : String(expandTemplate(value, vars) ?? '');
  }
  const request: HttpRequest = { method: endpoint.method, url: joinUrl(baseUrl, path), params, headers };
  if (endpoint.body.kind === 'json') request.json = resolveSecretRefs(expandTemplate(endpoint.body.value, vars), resolveSecret);
  if (endpoint.body.kind === 'data') request.data = resolveSecretRefs(expandTemplate(endpoint.body.value, vars), resolveSecret) as HttpRequest['data'];
  return request;
}
