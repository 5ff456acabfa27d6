/**
 * An API on loopback that holds its answers until the test opens it, so that
 * two runs (in this process or spawned CLIs) are in flight together for sure,
 * without sleeps.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** An API with one resource, `GET /items` → `{"data": [...]}`, whose answers wait for {@link HeldApi.open}. */
export interface HeldApi {
  readonly url: string;
  /** Requests received so far. */
  readonly requests: number;
  /** Resolves once `n` requests have arrived. */
  arrived(n: number): Promise<void>;
  /** Answers every held request, and every later one at once. */
  open(): void;
  close(): Promise<void>;
}

/** Starts a {@link HeldApi} serving `records`. */
export async function startHeldApi(records: readonly unknown[]): Promise<HeldApi> {
  let requests = 0;
  let opened = false;
  const held: Array<() => void> = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests++;
    for (const w of waiters.filter((x) => requests >= x.n)) w.resolve();
    const answer = (): void => {
      res.writeHead(req.url?.startsWith('/items') ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: records }));
    };
    if (opened) answer();
    else held.push(answer);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    get requests() {
      return requests;
    },
    arrived: (n) => (requests >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    open() {
      opened = true;
      for (const answer of held.splice(0)) answer();
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Resolves once the first of `promises` settles, whatever its outcome. */
export function firstSettled(promises: ReadonlyArray<Promise<unknown>>): Promise<void> {
  return Promise.race(promises.map((p) => p.then(() => undefined, () => undefined)));
}

