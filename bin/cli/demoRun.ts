/**
 * The demo behind `sluice demo` (`npm run demo`): starts the bundled demo API on a loopback
 * port, runs the demo source into `./data` (or `--out`) with the demo secrets
 * file, shows the summary, the files and a few records, changes some orders in
 * the API, and runs again: the second run is incremental and reuses the OAuth2
 * token of the first (the token cache lives in the process). No network, no AWS.
 */
import { join, relative, resolve } from 'node:path';
import { readDefinition } from '../../lambdas/config/loadSource';
import { validateSource } from '../../lambdas/config/validateSource';
import { listCommittedFiles } from '../../lambdas/commit/committedState';
import { readJsonLines } from '../../lambdas/commit/readJsonLines';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { redactDeep } from '../../lambdas/secrets/Redactor';
import { LocalStore } from '../../lambdas/sink/LocalStore';
import { startDemoApi } from '../../demo/demoApi';
import type { CliContext } from './Command';
import { describeError, EXIT, exitCodeOf } from './describeError';
import { formatFileTree } from './fileTree';
import { formatSummary } from './formatSummary';
import { outDir } from './destination';
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

    step(terminal, 'run 1: every resource (orders from their initial_value)');
    const first = await run();
    terminal.out(formatSummary(first.summary, destination, terminal.style));
    const stop1 = failed(first, terminal, verbose);
    if (stop1 !== undefined) return stop1;

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

    step(terminal, 'next');
    terminal.out(
      [
        `  sluice validate demo/source.json     check a source without running it`,
        `  sluice run <source> --secrets-file F  run your own source locally (docs/writing-sources.md)`,
        `  sluice list                           sources, schedules and their next run times`,
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  } finally {
    await api.close();
  }
}
