/**
 * Progress of a run on stderr. On a terminal: a live line per resource (pages,
 * records, records/s, retries) redrawn in place, finished with a newline when
 * the resource is done. Without a terminal (CI, pipes): plain lines, one per
 * resource at most every `intervalMs` and one when it is done. Log lines pass
 * through {@link Progress.log} so they never tear the live line.
 */
import type { ProgressEvent } from '../../lambdas/run/RunSummary';
import type { Style } from './style';
import { formatCount } from './table';

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Writes to stderr. */
  readonly write: (text: string) => void;
  /** Live redrawn lines (a terminal) or plain periodic lines. */
  readonly live: boolean;
  readonly style: Style;
  /** Minimum time between two plain lines of one resource. @default 5000 */
  readonly intervalMs?: number;
  /** Milliseconds clock. @default Date.now */
  readonly now?: () => number;
}

/** The reporter a run feeds. */
export interface Progress {
  /** The run's `onProgress` hook. */
  readonly onProgress: (event: ProgressEvent) => void;
  /** Writes a log line without disturbing the live line. */
  readonly log: (line: string) => void;
  /** Ends the live line (call before printing the summary). */
  readonly finish: () => void;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const REDRAW_MS = 100;

interface ResourceState {
  startedAt: number;
  lastPlain: number;
}

/** Creates a progress reporter. */
export function createProgress(options: ProgressOptions): Progress {
  const { write, live, style } = options;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 5000;
  const states = new Map<string, ResourceState>();
  let lastEnd = now();
  let liveLine: string | undefined;
  let lastDraw = 0;
  let frame = 0;

  const describe = (e: ProgressEvent, state: ResourceState): string => {
    const seconds = Math.max((now() - state.startedAt) / 1000, 0.001);
    const rate = Math.round(e.records / seconds);
    const retries = e.retries > 0 ? style.yellow(`retries ${e.retries}`) : `retries ${e.retries}`;
    return `${e.resource}  pages ${formatCount(e.pages)}  records ${formatCount(e.records)}  ${formatCount(rate)} rec/s  ${retries}`;
  };

  const clearLive = (): void => {
    if (liveLine !== undefined) write('\r\u001b[K');
  };

  return {
    onProgress(event) {
      let state = states.get(event.resource);
      if (!state) {
        state = { startedAt: lastEnd, lastPlain: now() };
        states.set(event.resource, state);
      }
      const text = describe(event, state);
      if (event.done) lastEnd = now();
      if (live) {
        if (event.done) {
          clearLive();
          write(`  ${style.green('✔')} ${text}\n`);
          liveLine = undefined;
          return;
        }
        if (now() - lastDraw < REDRAW_MS && liveLine !== undefined) {
          liveLine = text;
          return;
        }
        lastDraw = now();
        frame = (frame + 1) % SPINNER.length;
        clearLive();
        liveLine = text;
        write(`  ${style.cyan(SPINNER[frame])} ${text}`);
        return;
      }
      if (event.done) {
        write(`done ${text}\n`);
      } else if (now() - state.lastPlain >= intervalMs) {
        state.lastPlain = now();
        write(`progress ${text}\n`);
      }
    },
    log(line) {
      if (!live || liveLine === undefined) {
        write(line);
        return;
      }
      clearLive();
      write(line);
      write(`  ${style.cyan(SPINNER[frame])} ${liveLine}`);
    },
    finish() {
      if (live && liveLine !== undefined) {
        clearLive();
        liveLine = undefined;
      }
    },
  };
}
