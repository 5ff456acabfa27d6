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

/** A copy of a request with one cookie added to its `Cookie` header (replacing a cookie of the same name). */
export function withCookie(request: Request, name: string, value: string): Request {
  const headers = new Headers(request.headers);
  const others = (headers.get('cookie') ?? '')
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c.slice(0, c.indexOf('=')) !== name);
  headers.set('cookie', [...others, `${name}=${value}`].join('; '));
  return new Request(request, { headers });
}
