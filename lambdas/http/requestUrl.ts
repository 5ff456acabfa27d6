/**
 * The URL a request goes to: its own query string kept, `params` added
 * (replacing a parameter of the same name, never duplicating it).
 */
import type { HttpRequest } from './HttpTypes';

function asParam(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `request.url` with `request.params` applied; `undefined`/`null` params are left out, arrays repeat the name. */
export function requestUrl(request: Pick<HttpRequest, 'url' | 'params'>): string {
  const url = new URL(request.url);
  for (const [name, value] of Object.entries(request.params)) {
    if (value === undefined || value === null) continue;
    url.searchParams.delete(name);
    if (Array.isArray(value)) value.forEach((v) => url.searchParams.append(name, asParam(v)));
    else url.searchParams.set(name, asParam(value));
  }
  return url.toString();
}
