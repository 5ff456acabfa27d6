/** Socket-level helpers of the server: reading a request, logging it, writing (or cutting) a response. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeResponse } from './http';
import type { LoggedRequest } from './types';

/** The log entry of a request just arrived: body '' and status 0 until known; `inFlight` counts it. */
export function logEntry(req: IncomingMessage, at: number, inFlight: number): LoggedRequest {
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(queryStart < 0 ? '' : target.slice(queryStart + 1))) {
    const previous = query[key];
    query[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method ?? 'GET',
    path: queryStart < 0 ? target : target.slice(0, queryStart),
    query,
    url: target,
    headers,
    body: '',
    status: 0,
    at,
    inFlight,
  };
}

/** The request body as text, or undefined when the client went away before sending it all. */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headersFor(response: FakeResponse, length: number): Record<string, string | number> {
  // RFC 9110 §8.6: no Content-Length on a 204 or 304.
  if (response.status === 204 || response.status === 304) return { ...response.headers };
  return { ...response.headers, 'Content-Length': length };
}

/** Writes the response, recording its status in the log entry; a no-op on a closed socket. */
export function send(res: ServerResponse, response: FakeResponse, entry: LoggedRequest): void {
  if (res.destroyed) return;
  const body = Buffer.from(response.body, 'utf8');
  entry.status = response.status;
  res.writeHead(response.status, headersFor(response, body.length));
  res.end(body);
}

/**
 * Sends the headers (with the full Content-Length) and the first half of the body,
 * then destroys the socket once that half is written, so the client sees a body cut short.
 */
export function sendPartial(res: ServerResponse, response: FakeResponse, entry: LoggedRequest): void {
  if (res.destroyed) return;
  const body = Buffer.from(response.body, 'utf8');
  entry.status = response.status;
  res.writeHead(response.status, headersFor(response, body.length));
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
}
