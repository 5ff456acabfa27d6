/**
 * Builds the first request of a request chain from a resource: path joined to
 * `base_url`, placeholders expanded, the incremental window put into
 * `start_param` / `end_param`, header values resolved (secret references included).
 */
import type { NormalizedResource } from '../config/NormalizedSource';
import type { HttpRequest } from '../http/HttpTypes';
import { isSecretRef, type StringOrSecret } from '../secrets/SecretRef';
import { expandTemplate } from './expandTemplate';
import { joinUrl } from './joinUrl';
import type { TemplateVars } from './TemplateVars';

/**
 * The first request of `resource`'s chain for one parent record / incremental window.
 * @param resolveHeader resolves a header value that may be a secret reference.
 * @param baseUrl the client's `base_url` the path is relative to.
 */
export function buildRequest(
  resource: NormalizedResource,
  vars: TemplateVars,
  resolveHeader: (value: StringOrSecret) => string,
  baseUrl: string,
): HttpRequest {
  const endpoint = resource.endpoint;
  const path = expandTemplate(endpoint.path, vars, { encode: true }) as string;
  const params = { ...(expandTemplate(endpoint.params, vars) as Record<string, unknown>) };
  const incremental = endpoint.incremental;
  if (incremental?.start_param && vars.incremental?.start_value !== undefined) {
    params[incremental.start_param] = vars.incremental.start_value;
  }
  if (incremental?.end_param && vars.incremental?.end_value !== undefined) {
    params[incremental.end_param] = vars.incremental.end_value;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(endpoint.headers)) {
    headers[name] = isSecretRef(value) ? resolveHeader(value) : String(expandTemplate(resolveHeader(value), vars) ?? '');
  }
  const request: HttpRequest = { method: endpoint.method, url: joinUrl(baseUrl, path), params, headers };
  if (endpoint.json !== undefined) request.json = expandTemplate(endpoint.json, vars);
  if (endpoint.data !== undefined) request.data = expandTemplate(endpoint.data, vars) as HttpRequest['data'];
  return request;
}
