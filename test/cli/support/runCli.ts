/**
 * Runs the real `sluice` command (`node bin/sluice.js …`) as a child process.
 * Asynchronous on purpose: the fake API a test talks to lives in the test's own
 * process and must keep serving while the CLI runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (the CLI's working directory in tests). */
export const ROOT = resolve(__dirname, '../../..');

/** What a CLI run produced. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `sluice <args>` and resolves when it exits. */
export function runCli(args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'sluice.js'), ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'sluice-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `value` as JSON into `dir/name` and returns the path. */
export function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

/** Parses stdout that must be exactly one JSON object (one line). */
export function singleJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const value = JSON.parse(lines[0]) as unknown;
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  return value as Record<string, unknown>;
}

/** A shell word of `text`, single-quoted. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs `sluice <args>` on a pseudo-terminal (util-linux `script`), typing
 * `input` on it, as a person answering a prompt would. stdout and stderr
 * arrive together, as on a terminal.
 */
export function runCliOnTerminal(args: readonly string[], input: string, options: { env?: Record<string, string | undefined> } = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const command = [process.execPath, join(ROOT, 'bin', 'sluice.js'), ...args].map(shellWord).join(' ');
    const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output }));
    // Typed ahead: the terminal holds it until the prompt reads it.
    child.stdin.end(input);
  });
}
