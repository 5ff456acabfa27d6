/**
 * Runs one measured run in a fresh Node process: a bundled worker script gets
 * its settings as a JSON argument and prints one JSON report as its last
 * stdout line. A fresh process per run keeps peak RSS and cold-start figures
 * honest and keeps one run's garbage out of the next.
 */
import { spawn } from 'node:child_process';
import { REPORT_MARKER } from './report';

/** What every worker reports about itself (from `process.resourceUsage()`). */
export interface WorkerReport {
  /** Wall time of the measured section, ms. */
  readonly wallMs: number;
  /** CPU time of the whole process (user + system), ms. */
  readonly cpuMs: number;
  /** Peak resident set size of the process, MB. */
  readonly maxRssMb: number;
  readonly [key: string]: unknown;
}

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the worker after this long. @default 300000 */
  readonly timeoutMs?: number;
  /** Node flags, e.g. `--max-old-space-size`. */
  readonly nodeArgs?: readonly string[];
}

/** Runs `node <script> '<json>'` and resolves with the report it printed. */
export function runWorker<T = WorkerReport>(script: string, settings: unknown, options: RunWorkerOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, JSON.stringify(settings)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const marked = stdout.split('\n').filter((line) => line.startsWith(REPORT_MARKER));
      const last = (marked[marked.length - 1] ?? '').slice(REPORT_MARKER.length);
      if (code !== 0) {
        reject(new Error(`worker ${script} exited with ${signal ?? code}: ${stderr.trim().split('\n').slice(-6).join(' | ')}`));
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`worker ${script} printed no JSON report: ${last.slice(0, 200)} ${stderr.slice(-300)}`));
      }
    });
  });
}
