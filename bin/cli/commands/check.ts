/**
 * `sluice check <source>`: authenticates and requests the first page of every
 * resource (a child with its parent's first record), writing nothing. Prints a
 * table, or with `--json` the check response of the handler contract. Exit 1
 * when any resource fails.
 */
import { jsonFlag, RESOURCES, SECRETS_FILE } from '../flags';
import { checkSource } from '../../../lambdas/run/checkSource';
import type { CheckResponse } from '../../../lambdas/run/checkSource';
import { createStderrLogger } from '../../../lambdas/observability/StderrLogger';
import { boolFlag, listFlag, stringFlag } from '../args';
import type { Command } from '../Command';
import { EXIT } from '../describeError';
import { secretStoreFor } from '../secretStore';
import { loadSourceArg } from '../sourceArg';
import type { Style } from '../style';
import { formatTable } from '../table';

const USAGE = 'sluice check <source> [--resources a,b] [--secrets-file F] [--json] [--verbose]';

/** The check response as a table, one row per resource. */
export function formatCheck(response: CheckResponse, style: Style): string {
  const rows = Object.entries(response.resources).map(([name, r]) => [
    name,
    r.ok ? style.green('ok') : style.red('FAILED'),
    r.status === null ? '-' : String(r.status),
    r.skipped ? '-' : r.records_found ? 'yes' : 'no',
    `${r.elapsed_ms} ms`,
    r.error ?? r.skipped ?? '',
  ]);
  const table = formatTable(
    [{ header: 'RESOURCE' }, { header: 'CHECK' }, { header: 'STATUS', align: 'right' }, { header: 'RECORDS' }, { header: 'TIME', align: 'right' }, { header: 'NOTE' }],
    rows,
  );
  const verdict = response.ok ? style.green(`source "${response.source}": every resource ok`) : style.red(`source "${response.source}": check failed`);
  return `${table}\n${verdict}\n`;
}

/** `sluice check`. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'Test auth and the first page of every resource; writes nothing.',
  spec: {
    usage: USAGE,
    flags: { resources: RESOURCES, 'secrets-file': SECRETS_FILE, json: jsonFlag('the check response of the handler contract ({"mode", "source", "ok", "resources"})') },
    minPositionals: 1,
    maxPositionals: 1,
  },
  async run(args, context) {
    const { terminal, verbose } = context;
    const { source } = loadSourceArg(args.positionals[0], context);
    const json = boolFlag(args, 'json');
    const logger = createStderrLogger({ level: verbose ? 'debug' : 'error', write: terminal.err });
    const response = await checkSource({
      source,
      secrets: await secretStoreFor(source, stringFlag(args, 'secrets-file')),
      resources: listFlag(args, 'resources', USAGE),
      logger,
    });
    terminal.out(json ? `${JSON.stringify(response)}\n` : formatCheck(response, terminal.style));
    if (!response.ok && !json) terminal.err('Fix the failing resources (the NOTE column says why); --verbose shows each request.\n');
    return response.ok ? EXIT.ok : EXIT.failed;
  },
};
