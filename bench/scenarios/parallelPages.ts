/**
 * 4. Parallel pages: an offset resource whose first page reports the total,
 * 50 ms per page, `concurrency: 8` against `concurrency: 1`. The output of every
 * run is read back and must hold every record once, in page order (also
 * checked once for page_number). Protects: the concurrency option delivering
 * its speed-up on slow APIs without reordering or losing records.
 */
import { startPageServer } from '../lib/pageServer';
import { isSequence, writtenIds } from '../lib/readOutput';
import { alternate, defineScenario, freshDir, secretsFile } from '../lib/scenarioKit';
import { speedupResult } from '../lib/speedupResult';
import type { WorkerReport } from '../lib/worker';
import { runWorker } from '../lib/worker';

const ID = 'parallel-pages';
const MIN_SPEEDUP = 6;

/** Scenario 4. */
export const parallelPages = defineScenario({
  id: ID,
  title: 'Parallel pages, concurrency 8 vs 1',
  target: 'concurrency 8 ≥ 6 × faster than 1; records identical, in page order',
  workers: ['server', 'engineRun'],
  inputs: (context) => ({
    pages: context.quick ? 40 : 160,
    records_per_page: 100,
    record_bytes: 200,
    api_latency_ms_per_page: 50,
    paginator: 'offset (total_path: total)',
    concurrency: 8,
    repeats: context.quick ? 1 : 3,
  }),
  async measure(context, inputs) {
    const server = await startPageServer(context, inputs, 'offset');
    const expected = inputs.pages * inputs.records_per_page;
    const inOrder: boolean[] = [];
    try {
      const secrets = secretsFile(context);
      const runWith = (concurrency: number, style: 'offset' | 'pages' = 'offset') => async (i: number) => {
        const outDir = freshDir(context, ID, `${style}-c${concurrency}-${i}`);
        const report = await runWorker(context.workers.engineRun, {
          origin: server.origin,
          style,
          recordsPerPage: inputs.records_per_page,
          concurrency,
          outDir,
          secretsFile: secrets,
        });
        inOrder.push(isSequence(writtenIds(outDir, 'records'), expected));
        return report;
      };
      const pairs = await alternate<WorkerReport, WorkerReport>(inputs.repeats, runWith(inputs.concurrency), runWith(1));
      await runWith(inputs.concurrency, 'pages')(0);
      const pageNumberInOrder = inOrder[inOrder.length - 1];
      context.log(`${ID}: c8 ${pairs.a.map((r) => Math.round(r.wallMs)).join(',')} ms; c1 ${pairs.b.map((r) => Math.round(r.wallMs)).join(',')} ms`);
      const ordered = inOrder.every(Boolean);
      return speedupResult({
        minSpeedup: MIN_SPEEDUP,
        concurrency: inputs.concurrency,
        pairs,
        otherWhys: ordered ? [] : ['output records not identical to 0..n-1 in page order'],
        checks: {
          ideal_serial_ms: inputs.pages * inputs.api_latency_ms_per_page,
          records_in_page_order: ordered,
          page_number_in_order: pageNumberInOrder,
          runs_checked: inOrder.length,
        },
      });
    } finally {
      server.stop();
    }
  },
});
