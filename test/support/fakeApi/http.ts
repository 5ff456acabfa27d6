/**
 * The request and response values the route handlers work on. Handlers return a
 * response instead of writing to the socket, so a fault can still delay it or cut
 * it short after it is built.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** A request whose body has been read. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A response not yet sent. */
export interface FakeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** A JSON response. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

/** A 200 HTML page: what a login wall or a maintenance page looks like to a JSON client. */
export function htmlPage(): FakeResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: '<!doctype html><html><head><title>Fake API</title></head><body><h1>Hello from the fake API</h1></body></html>',
  };
}

/** `{ "error": "not found" }`. */
export function notFound(): FakeResponse {
  return json(404, { error: 'not found' });
}

/** 405 naming the method the route takes. */
export function methodNotAllowed(allowed: string): FakeResponse {
  return json(405, { error: 'method not allowed', allowed }, { Allow: allowed });
}

/** Thrown by a handler for a request parameter it cannot use; answered with 400 and the message. */
export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** A header's value as one string (repeated headers joined the way HTTP folds them). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
