/**
 * A copy of a request with one header set. Strategies return a new `Request`
 * rather than mutating the one they were given, so the HTTP client can rebuild
 * and re-authenticate a request on each attempt without surprises.
 */
export function withHeader(request: Request, name: string, value: string): Request {
  const headers = new Headers(request.headers);
  headers.set(name, value);
  return new Request(request, { headers });
}

/** A copy of a request with one query parameter set (replacing any value it had). */
export function withQueryParam(request: Request, name: string, value: string): Request {
  const url = new URL(request.url);
  url.searchParams.set(name, value);
  return new Request(url, request);
}
