/**
 * Starts the loopback API (bench/server/serve.ts, bundled) in its own process
 * and stops it by its PID.
 */
import { spawn } from 'node:child_process';
import type { ServeConfig } from '../server/serve';

/** Request counts kept by the server. */
export interface ServerStats {
  /** Pages served (429s not counted). */
  readonly pages: number;
  readonly tokenRequests: number;
  readonly ssmRequests: number;
  /** Page requests answered 429 (with `limits`). */
  readonly throttled: number;
  /** The most pages in flight at once that were served. */
  readonly maxInFlight: number;
  /** Arrival of the first and the last page served, ms (the server's performance.now). */
  readonly firstPageAt: number;
  readonly lastPageAt: number;
  /** Milliseconds the pages were held in all (each `delayMs` from its arrival, to a fraction of a millisecond). */
  readonly heldMs: number;
  /** Milliseconds from the first arrival to the last response with no page in flight: one chain's turnaround, summed. */
  readonly idleMs: number;
}

/** A running loopback API. */
export interface ApiServer {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** The counting SSM forwarder's origin, when `ssmTarget` was given. */
  readonly proxyOrigin: string | undefined;
  stats(): Promise<ServerStats>;
  stop(): void;
}

/** Starts the server and resolves once it listens (pages serialized). */
export function startApiServer(script: string, config: ServeConfig): Promise<ApiServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=4096', script, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('exit', (code) => reject(new Error(`the bench API server exited with ${code}: ${stderr}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const { port, proxyPort } = JSON.parse(stdout.slice(0, newline)) as { port: number; proxyPort?: number };
      child.removeAllListeners('exit');
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        origin,
        proxyOrigin: proxyPort ? `http://127.0.0.1:${proxyPort}` : undefined,
        stats: async () => (await (await fetch(`${origin}/_stats`)).json()) as ServerStats,
        stop: () => {
          if (child.exitCode === null) child.kill('SIGTERM');
        },
      });
    });
  });
}
