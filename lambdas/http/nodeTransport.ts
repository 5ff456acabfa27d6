/**
 * The wire under {@link HttpClient}: one request on node:http or node:https
 * over keep-alive agents, instead of the platform `fetch`. A page is read
 * once, whole, then parsed, so the WHATWG layers `fetch` puts between the
 * socket and the bytes (a `Request` and `Response` per hop, the body as a web
 * stream, its reader and its promise per chunk) are work between one page
 * arriving and the next request leaving that nothing here needs: a cursor
 * chain waits for them on every page (the latency-floor bench: 0.4–0.6 ms per
 * request over undici's `fetch`).
 *
 * It keeps what `fetch` did for the client: redirects are never followed (the
 * client follows them by hand), the body is decoded as `fetch` decodes it
 * (gzip, x-gzip, deflate with or without its zlib header, br; several codings
 * in reverse order; an unknown coding left as it is), `accept-encoding` and
 * `user-agent` are sent when the request has none, certificates are verified,
 * and a failure is the system's error with its code (`ECONNREFUSED`,
 * `ENOTFOUND`, a certificate's) in place of `fetch`'s `TypeError` around it.
 * The body is held to the request's deadline and to the size cap, counted
 * decompressed, as it arrives.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { Transform, pipeline } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { BodyTimeoutError, BodyTooLargeError, decodeText, declaresTooLarge } from './responseBody';
import type { BodyLimits } from './responseBody';

/**
 * Idle sockets live 4 s, undici's default, or less when the server announces a shorter
 * `Keep-Alive: timeout` (the agent then closes them a second early). Without a timeout
 * the agent ignores the server's hint and keeps a socket the server has already closed.
 */
const IDLE_SOCKET_MS = 4_000;
const agents = {
  'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
};

/** Statuses whose body is never decoded (as `fetch`: no body, or a redirect's). */
const NOT_DECODED = new Set([101, 204, 205, 304]);
const MAX_CODINGS = 5;

/** The answer of {@link sendRequest}: status and headers, the body still on the socket. */
export interface Reply {
  /** Status and headers as a `Response` without a body (what ky and the hooks see). */
  readonly response: Response;
  /**
   * The whole body as text (UTF-8, invalid bytes as U+FFFD, a BOM dropped), decoded, within the limits.
   * @throws BodyTimeoutError, BodyTooLargeError (the socket is dropped first), or the request's abort reason
   */
  read(limits: BodyLimits): Promise<string>;
  /** Drops the body unread (a redirect's). */
  discard(): void;
}

/**
 * Sends `request` (its method, URL, headers, body and signal; redirects never followed)
 * and resolves once the status and headers are in.
 * @throws the system error of a failed connection (its `code` says which), or the signal's reason
 */
export async function sendRequest(request: Request): Promise<Reply> {
  const url = new URL(request.url);
  const agent = url.protocol === 'https:' ? agents['https:'] : url.protocol === 'http:' ? agents['http:'] : undefined;
  if (!agent) throw Object.assign(new Error(`unsupported protocol ${url.protocol}`), { code: 'ERR_INVALID_URL' });
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  headers['accept-encoding'] ??= url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate';
  headers['user-agent'] ??= 'node';
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  if (body) headers['content-length'] = String(body.byteLength);
  return exchange(url, request.method, headers, body, agent, request.signal);
}

function exchange(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined, agent: HttpAgent, signal: AbortSignal): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req: ClientRequest = send(url, { method, headers, agent });
    // Until the body is read or dropped: an abort (the chain's, or ky's timeout) ends the exchange.
    let onAbortBody: ((reason: unknown) => void) | undefined;
    let answered = false;
    const onAbort = (): void => {
      req.destroy();
      if (onAbortBody) onAbortBody(signal.reason);
      else reject(signal.reason);
    };
    const done = (): void => signal.removeEventListener('abort', onAbort);
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: Error) => {
      // After the answer began, a failure is the body's (below); before, the request's.
      if (answered) return;
      done();
      reject(error);
    });
    req.once('response', (res: IncomingMessage) => {
      answered = true;
      // Handed to Response as pairs: a Headers object first would be built twice, once for Response's own copy.
      const pairs: Array<[string, string]> = [];
      const raw = res.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
      const status = res.statusCode ?? 0;
      const response = new Response(null, { status, statusText: res.statusMessage ?? '', headers: pairs });
      const replyHeaders = response.headers;
      // A failure before the body is read is kept for read(): it must not pass unheard.
      let failed: unknown;
      let fail = (error: unknown): void => void (failed ??= error);
      onAbortBody = (reason) => fail(reason);
      res.on('error', (error) => fail(error));
      // A socket closed mid-body: undici's fetch errors the body ("terminated"); so does this.
      res.once('aborted', () => fail(Object.assign(new Error('terminated: the connection closed before the body was complete'), { code: 'ECONNRESET' })));
      resolve({
        response,
        discard: () => {
          done();
          res.destroy();
        },
        read: (limits) =>
          new Promise<string>((resolveBody, rejectBody) => {
            const timer = setTimeout(() => fail(new BodyTimeoutError('body not complete within the request timeout')), Math.max(0, limits.deadline - Date.now()));
            let settled = false;
            fail = (error: unknown): void => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              done();
              res.destroy();
              rejectBody(error);
            };
            if (failed !== undefined) return fail(failed);
            const coding = method === 'HEAD' || NOT_DECODED.has(status) ? undefined : replyHeaders.get('content-encoding') ?? undefined;
            if (declaresTooLarge(replyHeaders, limits.maxBytes)) return fail(new BodyTooLargeError(limits.maxBytes));
            const decoders = coding ? decodersOf(coding) : [];
            if (decoders instanceof Error) return fail(decoders);
            const decoded: Readable = decoders.length === 0 ? res : (pipeline([res, ...decoders], (error) => error && fail(error)) as unknown as Readable);
            const chunks: Buffer[] = [];
            let size = 0;
            decoded.on('data', (chunk: Buffer) => {
              size += chunk.byteLength;
              if (size > limits.maxBytes) return fail(new BodyTooLargeError(limits.maxBytes));
              chunks.push(chunk);
            });
            decoded.on('error', (error) => fail(error));
            decoded.once('end', () => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              done();
              resolveBody(decodeText(chunks, size));
            });
          }),
      });
    });
    req.end(body);
  });
}

/** The decoders of a `content-encoding`, last coding first; none for a coding `fetch` would not decode either. */
function decodersOf(contentEncoding: string): Transform[] | Error {
  const codings = contentEncoding.toLowerCase().split(',');
  if (codings.length > MAX_CODINGS) return new Error(`too many content-encodings in response: ${codings.length}, maximum allowed is ${MAX_CODINGS}`);
  const decoders: Transform[] = [];
  // Lenient with a stream cut short, as fetch and curl are (Z_SYNC_FLUSH at the end).
  const zlibFlush = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
  for (let i = codings.length - 1; i >= 0; i--) {
    const coding = codings[i].trim();
    if (coding === 'gzip' || coding === 'x-gzip') decoders.push(createGunzip(zlibFlush));
    else if (coding === 'deflate') decoders.push(inflateEither(zlibFlush));
    else if (coding === 'br') decoders.push(createBrotliDecompress({ flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH }));
    else return [];
  }
  return decoders;
}

/** `deflate` as servers send it: with its zlib header (as the RFC says) or raw (as some do); the first byte tells. */
function inflateEither(options: { flush: number; finishFlush: number }): Transform {
  let inflate: Transform | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!inflate) {
        if (chunk.length === 0) return callback();
        inflate = (chunk[0] & 0x0f) === 8 ? createInflate(options) : createInflateRaw(options);
        inflate.on('data', (data: Buffer) => this.push(data));
        inflate.once('error', (error) => this.destroy(error));
      }
      inflate.write(chunk, callback);
    },
    flush(callback) {
      if (!inflate) return callback();
      inflate.once('end', () => callback());
      inflate.end();
    },
  });
}
