/**
 * The CLI's logger: one line per event on stderr (stdout is kept for `--json`
 * output), either human-readable or JSON, secrets redacted.
 */
import { redact } from '../secrets/Redactor';
import type { Logger } from './Logger';
import { safeAttributes } from './safeAttributes';

/** Log levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options of {@link createStderrLogger}. */
export interface StderrLoggerOptions {
  /** Lines below this level are dropped. @default 'info' */
  readonly level?: LogLevel;
  /** One JSON object per line instead of `LEVEL message key=value`. @default false */
  readonly json?: boolean;
  /** Where lines go. @default process.stderr */
  readonly write?: (line: string) => void;
  /** Clock for the JSON `timestamp`. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * Messages the caller reports itself (the CLI prints a failed run's error in
   * its summary), dropped unless the level is `debug`, so a person reads each
   * failure once. @default none
   */
  readonly reportedByCaller?: readonly string[];
}

function format(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** A {@link Logger} that writes redacted lines to stderr. */
export function createStderrLogger(options: StderrLoggerOptions = {}, attributes: Record<string, unknown> = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const log =
    (level: LogLevel) =>
    (message: string, extra?: Record<string, unknown>): void => {
      if (ORDER[level] < threshold) return;
      if (threshold > ORDER.debug && options.reportedByCaller?.includes(message)) return;
      const attrs = safeAttributes({ ...attributes, ...extra });
      const text = redact(message);
      if (options.json) {
        write(`${JSON.stringify({ level: level.toUpperCase(), message: text, timestamp: now().toISOString(), ...attrs })}\n`);
      } else {
        const pairs = Object.entries(attrs).map(([k, v]) => `${k}=${format(v)}`);
        write(`${level.toUpperCase().padEnd(5)} ${text}${pairs.length ? ` ${pairs.join(' ')}` : ''}\n`);
      }
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => createStderrLogger(options, { ...attributes, ...more }),
  };
}
