/**
 * One run of the full engine over a parent and a `parallelized` child: the
 * parents from `/offset` (one page), then one `/children/<id>` chain per
 * parent, `client.concurrency` of them at once. A LocalStore in a fresh
 * directory; reports wall time, CPU, peak RSS and what was written.
 */
import { validateSource } from '../../lambdas/config/validateSource';
import { runSource } from '../../lambdas/run/runSource';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { LocalStore } from '../../lambdas/sink/LocalStore';
import { printReport, runMain, workerSettings } from '../lib/report';

/** Settings of this worker. */
export interface FanOutRunSettings {
  readonly origin: string;
  /** Parent records, all on the one `/offset` page. */
  readonly parents: number;
  /** `client.concurrency`: child chains in flight at most. */
  readonly concurrency: number;
  /** The LocalStore's root (fresh per run). */
  readonly outDir: string;
  /** A JSON secrets file (`{}`). */
  readonly secretsFile: string;
}

async function main(): Promise<void> {
  const settings = workerSettings<FanOutRunSettings>();
  const source = validateSource({
    name: 'bench-fan-out',
    client: { base_url: `${settings.origin}/`, concurrency: settings.concurrency },
    resources: [
      { name: 'records', endpoint: { path: 'offset', data_selector: 'data', paginator: { type: 'offset', limit: settings.parents, total_path: 'total' } } },
      {
        name: 'children',
        parallelized: true,
        include_from_parent: ['id'],
        endpoint: { path: 'children/{resources.records.id}', data_selector: 'data', paginator: 'single_page' },
      },
    ],
  });
  const started = performance.now();
  const summary = await runSource({ source, store: new LocalStore(settings.outDir), secrets: await FileSecretStore.load(settings.secretsFile), trigger: 'cli' });
  const wallMs = performance.now() - started;
  printReport(wallMs, {
    status: summary.status,
    records: summary.resources.children?.records ?? 0,
    pages: summary.resources.children?.pages ?? 0,
    files: summary.resources.children?.files ?? 0,
  });
}

runMain(main);
