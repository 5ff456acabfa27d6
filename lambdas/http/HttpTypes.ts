/**
 * The request and response shapes shared by the HTTP client, the paginators
 * and the run loop. A request is plain data, so a paginator can change it and a
 * checkpoint can store it.
 */

import type { HttpMethod } from '../model/EndpointModel';

/** One request, before auth is applied. */
export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL; its own query string is kept, `params` are added to it. */
  url: string;
  /** Query parameters; `undefined`/`null` values are left out. */
  params: Record<string, unknown>;
  headers: Record<string, string>;
  /** JSON body. */
  json?: unknown;
  /** Form body (`application/x-www-form-urlencoded`) from an object, or a raw body from a string; dlt's `data`. */
  data?: Readonly<Record<string, unknown>> | string;
}

/** One response, body parsed. */
export interface HttpResponse {
  readonly status: number;
  /** The final URL (after redirects), secrets not redacted: never log it as is. */
  readonly url: string;
  readonly headers: Headers;
  /** Parsed JSON; `null` for an empty body (204). */
  readonly body: unknown;
  /** Size of the body in bytes. */
  readonly bytes: number;
}
