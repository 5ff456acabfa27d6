/**
 * A loopback API that answers whatever a test scripts, byte for byte: the
 * shapes the fake API will not serve (10,000-level JSON, invalid UTF-8, next
 * URLs to other hosts or schemes). Every request is logged with its headers.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. */
export interface HostileRequest {
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

/** A running scripted server. */
export interface HostileServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly requests: HostileRequest[];
  close(): Promise<void>;
}

/** Answers each request with `respond(request, server)`'s body (a JSON value, a string or raw bytes). */
export async function startHostileServer(
  respond: (request: HostileRequest, url: string) => { status?: number; body: unknown | Buffer; headers?: Record<string, string> },
): Promise<HostileServer> {
  const requests: HostileRequest[] = [];
  let base = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const request = { url: req.url ?? '/', headers: req.headers };
    requests.push(request);
    req.resume();
    const answer = respond(request, base);
    const body = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body), 'utf8');
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', 'content-length': String(body.length), ...answer.headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
