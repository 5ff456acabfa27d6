/**
 * Where the CLI writes, and what the terminal can show. stdout carries results
 * (tables, the one `--json` object); stderr carries progress, logs and errors.
 */
import { createStyle } from './style';
import type { Style } from './style';

/** The CLI's view of its process: output streams, terminal abilities, environment. */
export interface Terminal {
  /** Writes to stdout as is. */
  readonly out: (text: string) => void;
  /** Writes to stderr as is. */
  readonly err: (text: string) => void;
  /** stderr is a terminal: live progress lines are possible. */
  readonly isTTY: boolean;
  /** Columns of the terminal (80 when unknown). */
  readonly columns: number;
  /** Colors for stdout text (off when stdout is not a terminal or `NO_COLOR` is set). */
  readonly style: Style;
  /** Colors for stderr text. */
  readonly errStyle: Style;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Asks a question on stderr and resolves with the line typed on stdin, or
   * undefined at once when stdin is not a terminal (nobody can answer).
   */
  readonly ask: (question: string) => Promise<string | undefined>;
}

/** True when `NO_COLOR` is set to anything non-empty (https://no-color.org). */
export function noColor(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

/** The terminal of the current process. */
export function processTerminal(): Terminal {
  const env = process.env;
  const colors = !noColor(env) && env.TERM !== 'dumb';
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
    columns: process.stderr.columns || 80,
    style: createStyle(colors && process.stdout.isTTY === true),
    errStyle: createStyle(colors && process.stderr.isTTY === true),
    env,
    ask: async (question) => {
      if (process.stdin.isTTY !== true) return undefined;
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}
