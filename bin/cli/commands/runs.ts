/**
 * `sluice runs <source>`: one line per run of a source, newest first, failed
 * runs included, read from its manifests in `--out` (default `./data`) or
 * `--bucket`. Read-only.
 */
import { jsonFlag, limitFlag } from '../flags';
import type * as RunHistoryModule from '../../../lambdas/commit/runHistory';
import type { RunRecord } from '../../../lambdas/commit/runHistory';
import { boolFlag, positiveIntFlag } from '../args';
import type { Command } from '../Command';
import { destinationOf, DESTINATION_FLAGS, nothingThereHint, openStore } from '../destination';
import { EXIT } from '../describeError';
import { lazy } from '../lazy';
import { loadSourceArg } from '../sourceArg';
import type { Style } from '../style';
import { formatCount, formatTable } from '../table';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see lazy.ts
const runHistory = lazy<typeof RunHistoryModule>(() => require('../../../lambdas/commit/runHistory'));

const USAGE = 'sluice runs <source> [--out DIR | --bucket B] [--prefix P] [--limit N] [--json]';

/** `1.2 s`, `3 min 4 s`, `2 h 5 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

function recordsCell(run: RunRecord): string {
  const entries = Object.entries(run.records);
  return entries.length ? entries.map(([name, n]) => `${name} ${formatCount(n)}`).join(', ') : '-';
}

/** The runs as a table, newest first. */
export function formatRuns(runs: readonly RunRecord[], style: Style): string {
  const rows = runs.map((r) => [
    r.run_id,
    r.seq === null ? '-' : String(r.seq),
    r.status === 'succeeded' ? style.green('succeeded') : style.red(r.status),
    r.trigger,
    r.started_at.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'),
    formatDuration(r.duration_ms),
    recordsCell(r),
    (r.error ?? '').replace(/\s+/g, ' '),
  ]);
  return formatTable(
    [
      { header: 'RUN' },
      { header: 'SEQ', align: 'right' },
      { header: 'STATUS' },
      { header: 'TRIGGER' },
      { header: 'STARTED (UTC)' },
      { header: 'DURATION', align: 'right' },
      { header: 'RECORDS' },
      { header: 'ERROR' },
    ],
    rows,
  );
}

/** `sluice runs`. */
export const runsCommand: Command = {
  name: 'runs',
  summary: 'List the runs of a source, newest first, failed runs included.',
  spec: {
    usage: USAGE,
    flags: { ...DESTINATION_FLAGS, limit: limitFlag('runs', 'all'), json: jsonFlag('{"source", "out"|"bucket", "runs": [{"run_id", "seq", "status", "trigger", "started_at", "finished_at", "duration_ms", "records", "error"?, "manifest_key"}]}') },
    minPositionals: 1,
    maxPositionals: 1,
  },
  async run(args, context) {
    const { terminal } = context;
    const { destination, prefix } = destinationOf(args, USAGE);
    const limit = positiveIntFlag(args, 'limit', USAGE);
    const source = loadSourceArg(args.positionals[0], context).source.name;
    const all = await runHistory().listRuns(openStore(destination), prefix, source);
    const runs = limit === undefined ? all : all.slice(0, limit);
    if (boolFlag(args, 'json')) {
      terminal.out(`${JSON.stringify({ source, ...destination, runs })}\n`);
    } else if (all.length === 0) {
      terminal.out(`no runs of "${source}" ${nothingThereHint(source, destination, prefix)}\n`);
    } else {
      terminal.out(formatRuns(runs, terminal.style));
      if (runs.length < all.length) terminal.out(terminal.style.dim(`${all.length - runs.length} older run(s) not shown (--limit ${limit})\n`));
    }
    return EXIT.ok;
  },
};
