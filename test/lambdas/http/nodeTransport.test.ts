import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { HttpError } from '../../../lambdas/errors/HttpError';
import type { HttpRequest } from '../../../lambdas/http/HttpTypes';
import { testHttpClient } from '../../support/httpClient';

/** A loopback server that counts the connections it accepted. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<{ url: string; connections: () => number; server: Server }> {
  let connections = 0;
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res, ++n));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, server };
}

function get(url: string, headers: Record<string, string> = {}): HttpRequest {
  return { method: 'GET', url, params: {}, headers };
}

const PAGE = { data: [{ id: 1, name: 'é ✓' }], next_cursor: null };

describe('the transport under HttpClient', () => {
  const servers: Server[] = [];
  const start = async (...args: Parameters<typeof serve>): ReturnType<typeof serve> => {
    const s = await serve(...args);
    servers.push(s.server);
    return s;
  };
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['br', brotliCompressSync],
    ['deflate', deflateSync],
    // Some servers send deflate without its zlib header; fetch reads both, and so does the client.
    ['deflate', deflateRawSync],
  ])('decodes a body sent with content-encoding %s', async (coding, encode) => {
    const api = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding });
      res.end(encode(Buffer.from(JSON.stringify(PAGE))));
    });
    const response = await testHttpClient({ baseUrl: api.url }).send(get(`${api.url}/items`));
    expect(response?.body).toEqual(PAGE);
    expect(response?.bytes).toBe(Buffer.byteLength(JSON.stringify(PAGE)));
  });

  it('decodes several codings in the reverse of the order they were applied', async () => {
    const api = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip, br' });
      res.end(brotliCompressSync(gzipSync(Buffer.from(JSON.stringify(PAGE)))));
    });
    expect((await testHttpClient({ baseUrl: api.url }).send(get(`${api.url}/items`)))?.body).toEqual(PAGE);
  });

  it('asks for the codings it decodes and names itself, unless the request says otherwise', async () => {
    const seen: IncomingMessage['headers'][] = [];
    const api = await start((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(PAGE));
    });
    const http = testHttpClient({ baseUrl: api.url });
    await http.send(get(`${api.url}/items`));
    await http.send(get(`${api.url}/items`, { 'accept-encoding': 'identity', 'user-agent': 'extractor/1' }));
    expect(seen[0]).toMatchObject({ 'accept-encoding': 'gzip, deflate', 'user-agent': 'node', accept: 'application/json' });
    expect(seen[1]).toMatchObject({ 'accept-encoding': 'identity', 'user-agent': 'extractor/1' });
  });

  it('sends consecutive requests over one kept-alive connection', async () => {
    const api = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(PAGE));
    });
    const http = testHttpClient({ baseUrl: api.url });
    for (let i = 0; i < 5; i++) await http.send(get(`${api.url}/items?page=${i}`));
    expect(api.connections()).toBe(1);
  });

  it('never sends a request again by itself when its kept-alive connection is closed under it: that is a retry\'s to decide', async () => {
    let posts = 0;
    const api = await start((req, res) => {
      if (req.method === 'POST' && ++posts === 1) return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
    const http = testHttpClient({ baseUrl: api.url, retries: { limit: 0, maxDelayMs: 0 } });
    await http.send(get(`${api.url}/warm`));
    const error = await http.post({ url: `${api.url}/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).reason).toBe('network');
    expect(posts).toBe(1);
  });

  it('fails a body cut short by the server as a network error, which is retried', async () => {
    const delays: number[] = [];
    const api = await start((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"data": [');
        setImmediate(() => res.socket?.destroy());
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(PAGE));
    });
    const http = testHttpClient({ baseUrl: api.url, retries: { limit: 1, maxDelayMs: 10 }, delays });
    expect((await http.send(get(`${api.url}/items`)))?.body).toEqual(PAGE);
    expect(delays).toHaveLength(1);
  });
});
