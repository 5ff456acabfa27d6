/**
 * `sluice query <source> "<SQL>"`: SQL with DuckDB on the committed view of a
 * source, in `--out` (default `./data`) or `--bucket`. Each resource is a table
 * named like its table (`table_name`, else the resource name) with its write
 * disposition applied. Output as a table, `--json` (one array of row objects)
 * or `--csv`. Read-only.
 */
import { jsonFlag } from '../flags';
import type * as CommittedSqlModule from '../committedSql';
import { boolFlag } from '../args';
import type { Command } from '../Command';
import { destinationOf, DESTINATION_FLAGS, nothingThereHint, openStore } from '../destination';
import { EXIT } from '../describeError';
import { lazy } from '../lazy';
import { loadSourceArg } from '../sourceArg';
import { formatCells, formatCsv } from '../recordTable';
import { UsageError } from '../UsageError';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see lazy.ts (DuckDB is large)
const committedSql = lazy<typeof CommittedSqlModule>(() => require('../committedSql'));

const USAGE = 'sluice query <source> "<SQL>" [--out DIR | --bucket B] [--prefix P] [--json | --csv]';

/** `sluice query`. */
export const queryCommand: Command = {
  name: 'query',
  summary: 'Run SQL (DuckDB) on the committed view of a source: one table per resource, its write disposition applied.',
  spec: {
    usage: USAGE,
    flags: {
      ...DESTINATION_FLAGS,
      json: jsonFlag('an array of row objects'),
      csv: { type: 'boolean', description: 'A header line, then one line per row (RFC 4180; nested values as JSON, null as an empty field).' },
    },
    minPositionals: 2,
    maxPositionals: 2,
  },
  async run(args, context) {
    const { terminal } = context;
    const { destination, prefix } = destinationOf(args, USAGE);
    const json = boolFlag(args, 'json');
    const csv = boolFlag(args, 'csv');
    if (json && csv) throw new UsageError('--json and --csv cannot be used together: pick one output form', USAGE);
    const source = loadSourceArg(args.positionals[0], context).source.name;
    const { result, tables } = await committedSql().queryCommittedView(openStore(destination), prefix, source, args.positionals[1]);
    if (tables.length === 0) {
      terminal.err(`no committed run of "${source}", so no tables to query, ${nothingThereHint(source, destination, prefix)}\n`);
    }
    if (json) terminal.out(`${JSON.stringify(result.rows)}\n`);
    else if (csv) terminal.out(formatCsv(result.columns, result.rows));
    else {
      terminal.out(formatCells(result.columns, result.rows));
      terminal.err(terminal.style.dim(`${result.rows.length} row(s); tables: ${tables.map((t) => `${t.table} (${t.writeDisposition}, ${t.records})`).join(', ') || 'none'}\n`));
    }
    return EXIT.ok;
  },
};
