/**
 * moto's server as the local AWS of the tests: started on a free loopback port,
 * readiness awaited, stopped by its PID. The SDK clients under test reach it
 * through the standard AWS_ENDPOINT_URL variable, so they are the same code that
 * runs in AWS.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** A running moto server. */
export interface MotoServer {
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** `http://127.0.0.1:PORT`: for the SDK (path-style is chosen for IP endpoints). */
  readonly endpoint: string;
  /** `http://localhost:PORT`: for the CDK CLI and moto's CloudFormation. */
  readonly localhostEndpoint: string;
  /** The server process's PID. */
  readonly pid: number;
}

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Throws at once, with the install hint, when moto's server cannot be imported. */
export function assertMotoInstalled(): void {
  const probe = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      "moto's server is required by the tests (the local AWS) but `python3 -c 'import moto.server'` failed: " +
        `${(probe.stderr || probe.error?.message || '').trim()}. Install it with: pip install 'moto[server]'`,
    );
  }
}

/** Starts moto's server on a free port and resolves once it answers HTTP. */
export async function startMoto(): Promise<MotoServer> {
  assertMotoInstalled();
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: false,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`moto's server exited with code ${child.exitCode} before it was ready: ${stderr}`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto's server did not answer on ${endpoint} within 60 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  child.unref();
  return { port, endpoint, localhostEndpoint: `http://localhost:${port}`, pid: child.pid ?? -1 };
}

/** Stops a moto server started by {@link startMoto}. */
export function stopMoto(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
