/**
 * A hostile API for the leak table: every answer it gives echoes the
 * credentials it was sent, in each encoding an API might use (raw, URL- and
 * form-encoded, JSON-escaped with and without `\/`, base64, base64url), in
 * records, links, redirects and error bodies. What it answers where is set per
 * scenario; it knows the credentials, and the tokens it issued, so the table
 * can look for each of them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The encodings a credential travels in, by the name the table's rows use. */
export const ENCODINGS: Readonly<Record<string, (secret: string) => string>> = Object.freeze({
  raw: (s) => s,
  'url-encoded': (s) => encodeURIComponent(s),
  'form-encoded': (s) => new URLSearchParams({ v: s }).toString().slice(2),
  'json-escaped': (s) => JSON.stringify(s).slice(1, -1),
  'json-escaped \\/': (s) => JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/'),
  base64: (s) => Buffer.from(s, 'utf8').toString('base64'),
  base64url: (s) => Buffer.from(s, 'utf8').toString('base64url'),
});

/** Every encoding of every secret, space-separated: safe inside a JSON string (no secret holds `"` or `\`). */
export function echoOf(secrets: readonly string[]): string {
  return secrets.flatMap((s) => Object.values(ENCODINGS).map((encode) => encode(s))).join(' ');
}

/** One request the server received. */
export interface EchoRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What a scenario's route answers with. */
export interface EchoReply {
  readonly status: number;
  /** Sent as JSON text as it is (so `\/` escapes reach the wire as written). */
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

/** A running echo API. */
export interface EchoApi {
  readonly url: string;
  readonly requests: EchoRequest[];
  /** Tokens the server issued (access and session tokens): credentials too. */
  readonly issued: string[];
  /** The answer to each request; `n` counts requests from 1. */
  route: (request: EchoRequest, n: number) => EchoReply;
  /** Issues a token: remembered in {@link issued}. */
  issue(prefix: string): string;
  close(): Promise<void>;
}

/** A JSON body as text: `{"error": …, "echo": "<every encoding of every secret>"}` and more fields. */
export function echoBody(secrets: readonly string[], fields: Record<string, string> = {}): string {
  const extra = Object.entries(fields).map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`);
  return `{"error":"denied","echo":"${echoOf(secrets)}"${extra.join('')}}`;
}

/** Starts the server; set {@link EchoApi.route} before the first request. */
export async function startEchoApi(): Promise<EchoApi> {
  const requests: EchoRequest[] = [];
  const issued: string[] = [];
  const api: EchoApi = {
    url: '',
    requests,
    issued,
    route: () => ({ status: 404, body: '{"error":"no route"}' }),
    issue(prefix) {
      // '/', '+', '=', '~', '!', '(', ')' and a space: each encoding of it differs from the others.
      const token = `${prefix} t/${issued.length}+x=y~z!(w) 0a1b2c`;
      issued.push(token);
      return token;
    },
    close: () => Promise.resolve(),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const reply = api.route(request, requests.length);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(api, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
