/** A loopback port nothing listens on: bound once to learn a free number, then closed (connections to it are refused). */
import { createServer } from 'node:net';

/** Resolves to a port on 127.0.0.1 with no listener. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
