/**
 * `sluice show <source> [<resource>] [--limit N]`: the latest records of the
 * committed view as a table, per resource (or one resource, by its name or
 * table name), with the write disposition applied. Read-only.
 */
import { limitFlag } from '../flags';
import type * as ReadCommittedViewModule from '../../../lambdas/commit/readCommittedView';
import { positiveIntFlag } from '../args';
import type { Command } from '../Command';
import { destinationOf, DESTINATION_FLAGS, nothingThereHint, openStore } from '../destination';
import { EXIT } from '../describeError';
import { lazy } from '../lazy';
import { columnsOf, formatCells } from '../recordTable';
import { loadSourceArg } from '../sourceArg';
import { formatCount } from '../table';
import { UsageError } from '../UsageError';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see lazy.ts
const committedView = lazy<typeof ReadCommittedViewModule>(() => require('../../../lambdas/commit/readCommittedView'));

const USAGE = 'sluice show <source> [<resource>] [--out DIR | --bucket B] [--prefix P] [--limit N]';

/** Records shown per table without `--limit`. */
const DEFAULT_LIMIT = 10;

/** `sluice show`. */
export const showCommand: Command = {
  name: 'show',
  summary: 'Print the latest committed records of a source (or one resource) as a table.',
  spec: {
    usage: USAGE,
    flags: { ...DESTINATION_FLAGS, limit: limitFlag('records per table', '10') },
    minPositionals: 1,
    maxPositionals: 2,
  },
  async run(args, context) {
    const { terminal } = context;
    const { destination, prefix } = destinationOf(args, USAGE);
    const limit = positiveIntFlag(args, 'limit', USAGE) ?? DEFAULT_LIMIT;
    const loaded = loadSourceArg(args.positionals[0], context).source;
    const store = openStore(destination);
    const reader = committedView();
    const view = await reader.readCommittedView(store, prefix, loaded.name);
    const wanted = args.positionals[1];
    const tables = wanted === undefined ? view.tables : view.tables.filter((t) => t.resource === wanted || t.table === wanted);
    if (wanted !== undefined && tables.length === 0) {
      const declared = loaded.resources.find((r) => r.name === wanted || r.tableName === wanted);
      if (!declared) throw new UsageError(`"${loaded.name}" has no resource or table "${wanted}" (resources: ${loaded.resources.map((r) => r.name).join(', ')})`, USAGE);
    }
    if (tables.length === 0) {
      terminal.out(`nothing committed for "${loaded.name}"${wanted ? ` / ${wanted}` : ''} ${nothingThereHint(loaded.name, destination, prefix)}\n`);
      return EXIT.ok;
    }
    for (const [i, table] of tables.entries()) {
      const records = await reader.readTable(store, table);
      const shown = records.slice(-limit);
      const heading = `${table.table}${table.table !== table.resource ? ` (resource ${table.resource})` : ''}: ${table.writeDisposition}, ${formatCount(records.length)} record(s)${table.seq ? `, latest run seq ${table.seq}` : ''}`;
      terminal.out(`${i > 0 ? '\n' : ''}${terminal.style.bold(heading)}\n`);
      if (shown.length > 0) {
        const rows = shown.map((r) => (r !== null && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>) : { value: r }));
        terminal.out(formatCells(columnsOf(rows), rows));
      }
      if (shown.length < records.length) terminal.out(terminal.style.dim(`the latest ${shown.length} shown (--limit ${limit})\n`));
    }
    return EXIT.ok;
  },
};
