/**
 * `sluice run <source>`: runs the same engine as the Lambda, locally, into a
 * directory (`--out`, default `./data`, the S3 layout with manifests and state,
 * so a second run is incremental) or a bucket (`--bucket`). Exit 0 when the run
 * succeeded, 1 when it failed, 2 on invalid input.
 */
import { DRY_RUN, FROM, jsonFlag, MAX_PAGES, RESOURCES, SECRETS_FILE, TO } from '../flags';
import { boolFlag, listFlag, positiveIntFlag, stringFlag, windowFlags } from '../args';
import type { WindowCursor } from '../args';
import type { Command } from '../Command';
import { destinationOf, DESTINATION_FLAGS } from '../destination';
import { describeError, EXIT, exitCodeOf } from '../describeError';
import { formatSummary } from '../formatSummary';
import { lazy } from '../lazy';
import type * as LocalRunModule from '../localRun';
import { secretStoreFor } from '../secretStore';
import { loadSourceArg } from '../sourceArg';
import { UsageError } from '../UsageError';
import type { SourceModel } from '../../../lambdas/model';
import { declaredCursorType } from '../../../lambdas/incremental/CursorType';
import { planResources } from '../../../lambdas/run/resourcePlan';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see lazy.ts
const localRun = lazy<typeof LocalRunModule>(() => require('../localRun'));

const USAGE =
  'sluice run <source> [--out DIR | --bucket B] [--prefix P] [--resources a,b] [--max-pages N] [--from X --to Y] [--secrets-file F] [--glue-database DB] [--dry-run] [--json] [--verbose]';

/** The cursors a backfill window of this run must fit: every incremental resource it reads (parents included). */
function windowCursors(source: SourceModel, resources: readonly string[] | undefined): WindowCursor[] {
  return planResources(source, resources).flatMap(({ resource }) => {
    const incremental = resource.endpoint.incremental;
    return incremental ? [{ resource: resource.name, type: declaredCursorType(incremental), datetimeFormat: incremental.datetimeFormat }] : [];
  });
}

/** `sluice run`. */
export const runCommand: Command = {
  name: 'run',
  summary: 'Run a source locally into a directory (--out, default ./data) or a bucket (--bucket).',
  spec: {
    usage: USAGE,
    flags: {
      ...DESTINATION_FLAGS,
      resources: RESOURCES,
      'max-pages': MAX_PAGES,
      from: FROM,
      to: TO,
      'secrets-file': SECRETS_FILE,
      'dry-run': DRY_RUN,
      json: jsonFlag('the run summary of the handler contract, plus "out" or "bucket"'),
      'glue-database': {
        type: 'string',
        value: 'DB',
        default: 'none (no catalog)',
        description: 'With --bucket: register the committed run in this Glue database (tables, partitions, _current views), as the deployed function does.',
      },
    },
    minPositionals: 1,
    maxPositionals: 1,
  },
  async run(args, context) {
    const { terminal, verbose } = context;
    const json = boolFlag(args, 'json');
    const { destination, prefix } = destinationOf(args, USAGE);
    const maxPages = positiveIntFlag(args, 'max-pages', USAGE);
    const resources = listFlag(args, 'resources', USAGE);
    const { source } = loadSourceArg(args.positionals[0], context);
    const { from, to } = windowFlags(args, USAGE, windowCursors(source, resources));
    const glueDatabase = stringFlag(args, 'glue-database');
    if (glueDatabase !== undefined && !('bucket' in destination)) {
      throw new UsageError('--glue-database needs --bucket: Glue tables point at S3 locations, not a local folder', USAGE);
    }
    const { runLocally } = localRun();

    const { summary, error } = await runLocally({
      source,
      secrets: await secretStoreFor(source, stringFlag(args, 'secrets-file')),
      destination,
      prefix,
      resources,
      maxPages,
      from,
      to,
      dryRun: boolFlag(args, 'dry-run'),
      terminal,
      verbose,
      quiet: json,
      glueDatabase,
    });
    if (json) terminal.out(`${JSON.stringify({ ...summary, ...destination })}\n`);
    else terminal.out(formatSummary(summary, destination, terminal.style));
    if (error) {
      // The summary above named the error (non-JSON); stderr adds what to do about it.
      terminal.err(describeError(error, { verbose, style: terminal.errStyle, messageShown: !json }));
      return exitCodeOf(error);
    }
    if (summary.catalog && !summary.catalog.ok) {
      // Exit 1, as a failure against storage: the data is committed, but a script must know Athena does not show it yet.
      terminal.err(`the run is committed, but registering it in the Glue database ${summary.catalog.database} failed: ${summary.catalog.error ?? 'unknown error'}\nThe next run registers every committed run that is missing.\n`);
      return EXIT.failed;
    }
    return EXIT.ok;
  },
};
