/**
 * The request and response shapes shared by the HTTP client, the paginators
 * and the run loop. A request is plain data, so a paginator can change it and a
 * checkpoint can store it.
 */

/** One request, before auth is applied. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Absolute URL; its own query string is kept, `params` are added to it. */
  url: string;
  /** Query parameters; `undefined`/`null` values are left out. */
  params: Record<string, unknown>;
  headers: Record<string, string>;
  /** JSON body (POST). */
  json?: unknown;
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
