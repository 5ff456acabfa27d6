/**
 * The demo behind `sluice demo` (`npm run demo`): starts the bundled demo API on a loopback
 * port, runs the demo source into `./data` (or `--out`) with the demo secrets
 * file, shows the summary, the files and a few records, changes some orders in
 * the API, and runs again: the second run is incremental and reuses the OAuth2
 * token of the first (the token cache lives in the process). It ends with one
 * query on the committed view it wrote, and the commands to go on with, each
 * runnable as printed. Run again into the same folder, it says so: the orders
 * continue from their stored cursor. No network, no AWS.
 */
import { join, relative, resolve } from 'node:path';
import { readDefinition } from '../../lambdas/config/loadSource';
import { validateSource } from '../../lambdas/config/validateSource';
import { listCommittedFiles, readCommittedState } from '../../lambdas/commit/committedState';
import { readJsonLines } from '../../lambdas/commit/readJsonLines';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { redactDeep } from '../../lambdas/secrets/Redactor';
import { LocalStore } from '../../lambdas/sink/LocalStore';
import { startDemoApi } from '../../demo/demoApi';
import type { CliContext } from './Command';
import { queryCommittedView } from './committedSql';
import { describeError, EXIT, exitCodeOf } from './describeError';
import { formatFileTree } from './fileTree';
import { formatSummary } from './formatSummary';
import { outDir } from './destination';
import { formatCells } from './recordTable';
import { runLocally } from './localRun';
import type { LocalRunResult } from './localRun';
import type { Terminal } from './Terminal';

/** The demo's files: the source (its URLs point at a placeholder port) and the secrets file. */
export const DEMO_DIR = resolve(__dirname, '../../demo');
const PLACEHOLDER_ORIGIN = 'http://127.0.0.1:8787';

/** The demo source with its URLs pointed at the running demo API. */
function demoDefinition(baseUrl: string): unknown {
  const text = JSON.stringify(readDefinition(join(DEMO_DIR, 'source.json')));
  return JSON.parse(text.split(PLACEHOLDER_ORIGIN).join(baseUrl));
}

async function showRecords(out: string, resource: string, runId: string, count: number, terminal: Terminal): Promise<void> {
  const store = new LocalStore(out);
  const files = (await listCommittedFiles(store, '', 'demo')).filter((f) => f.resource === resource && f.run_id === runId);
  let shown = 0;
  for (const file of files) {
    for await (const record of readJsonLines(store, file.key)) {
      terminal.out(`  ${JSON.stringify(redactDeep(record))}\n`);
      if (++shown === count) return;
    }
  }
  if (shown === 0) terminal.out('  (no records in this run)\n');
}

function step(terminal: Terminal, text: string): void {
  terminal.out(`\n${terminal.style.bold(terminal.style.cyan(`▸ ${text}`))}\n`);
}

function failed(result: LocalRunResult, terminal: Terminal, verbose: boolean): number | undefined {
  if (!result.error) return undefined;
  terminal.err(describeError(result.error, { verbose, style: terminal.errStyle }));
  return exitCodeOf(result.error);
}

function totalRecords(summary: RunSummary): number {
  return Object.values(summary.resources).reduce((n, r) => n + r.records, 0);
}

/** The query the demo ends with: on the committed view, so the orders changed in run 2 count once, as they are now (`merge`). */
export const DEMO_QUERY = 'SELECT status, count(*) AS orders, sum(amount_cents) / 100 AS amount FROM orders GROUP BY status ORDER BY orders DESC, status';

/** A shell word of `text`: as it is when the shell leaves it alone, else single-quoted. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=,@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Runs the demo into `outOption` (default ./data); returns the exit code. */
export async function runDemo(outOption: string | undefined, { terminal, verbose }: CliContext): Promise<number> {
  const out = outDir(outOption);
  const shownOut = relative(process.cwd(), out) || '.';
  const api = await startDemoApi();
  try {
    const source = validateSource(demoDefinition(`${api.baseUrl}`), { file: 'demo/source.json' });
    const secrets = await FileSecretStore.load(join(DEMO_DIR, 'secrets.json'));
    const destination = { out };
    const run = (): Promise<LocalRunResult> => runLocally({ source, secrets, destination, terminal, verbose, quiet: false });

    step(terminal, `demo API listening on ${api.baseUrl} (OAuth2 client credentials; customers, invoices per customer, products, orders)`);
    terminal.out(`source demo/source.json, secrets demo/secrets.json, output ${shownOut}/\n`);

    // A folder a demo ran into before holds its committed state: the orders go on from there.
    const before = await readCommittedState(new LocalStore(out), '', source.name);
    const cursor = before.manifest?.resources.orders?.state?.incremental?.last_value;
    step(
      terminal,
      before.seq === 0
        ? 'run 1: every resource (orders from their initial_value)'
        : `run 1: ${shownOut}/demo already holds ${before.seq} committed run${before.seq === 1 ? '' : 's'} of an earlier demo, so orders continue from the stored cursor ${JSON.stringify(cursor ?? null)}; customers, invoices and products are read whole again (replace)`,
    );
    const first = await run();
    terminal.out(formatSummary(first.summary, destination, terminal.style));
    const stop1 = failed(first, terminal, verbose);
    if (stop1 !== undefined) return stop1;
    if (before.seq > 0) {
      const orders1 = first.summary.resources.orders?.records ?? 0;
      terminal.out(`orders in run 1: ${orders1} new (none changed in this demo's API since the stored cursor)\n`);
    }

    step(terminal, `files in ${shownOut}/demo (gzip JSON Lines per resource and run; the manifest commits the run and holds the state)`);
    terminal.out(formatFileTree(join(out, 'demo'), `${shownOut}/demo`));
    step(terminal, 'a few order records');
    await showRecords(out, 'orders', first.summary.run_id, 3, terminal);

    const changed = api.data.touchOrders(2, new Date());
    step(terminal, `meanwhile the API changed ${changed.length} orders (${changed.map((o) => o.id).join(', ')}); run 2 is incremental`);
    const second = await run();
    terminal.out(formatSummary(second.summary, destination, terminal.style));
    const stop2 = failed(second, terminal, verbose);
    if (stop2 !== undefined) return stop2;
    const orders = second.summary.resources.orders?.records ?? 0;
    terminal.out(`orders in run 2: ${orders} (only what changed since run 1; ${totalRecords(second.summary)} records in all)\n`);
    terminal.out(`OAuth2 token requests to the demo API: ${api.tokenRequests()} (run 2 reused the token of run 1)\n`);

    step(terminal, `the committed view, asked with SQL (orders is merge: each order once, as it is now)`);
    const { result } = await queryCommittedView(new LocalStore(out), '', source.name, DEMO_QUERY);
    terminal.out(formatCells(result.columns, result.rows));

    // Printed to be pasted: the demo source is a file, and --out is said when it is not the default.
    const where = out === outDir(undefined) ? [] : ['--out', shownOut];
    const command = (...words: string[]): string => ['npx', 'sluice', ...words].map(shellWord).join(' ');
    const hints: Array<[string, string]> = [
      [command('query', 'demo/source.json', DEMO_QUERY, ...where), 'the query above'],
      [command('show', 'demo/source.json', 'orders', ...where), 'the latest records of a resource'],
      [command('runs', 'demo/source.json', ...where), 'every run, with its seq, trigger and records'],
      [command('state', 'demo/source.json', ...where), 'the committed cursor of each resource'],
      [command('validate', 'demo/source.json'), 'check a source without running it'],
      ['npx sluice init <name> --base-url <URL> --path <P>', 'scaffold your own source from its API (docs/cli.md#init)'],
    ];
    step(terminal, 'next');
    for (const [text, why] of hints) terminal.out(`  ${text}\n      ${why}\n`);
    return EXIT.ok;
  } finally {
    await api.close();
  }
}
