/**
 * Fan-out: a parent of 400 records and a `parallelized` child with one page
 * per parent at 50 ms, `client.concurrency: 8` against `1`. Every run's child
 * output is read back: each parent's 5 children once, each naming its parent,
 * the same set at both settings. Protects: parallel chains delivering their
 * speed-up on a slow API without losing or duplicating a child record.
 */
import { startApiServer } from '../lib/apiServer';
import { partFiles } from '../lib/readOutput';
import { alternate, defineScenario, freshDir, secretsFile } from '../lib/scenarioKit';
import { speedupResult } from '../lib/speedupResult';
import type { WorkerReport } from '../lib/worker';
import { runWorker } from '../lib/worker';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const ID = 'fan-out';
const TITLE = 'Fan-out: 400 parents × 1 page, parallelized, concurrency 8 vs 1';
const TARGET = 'concurrency 8 ≥ 7 × faster than 1; identical records';
const MIN_SPEEDUP = 7;
const CHILDREN = 5;

/** The child records written under `outDir`, as `id:parent` strings, sorted; and whether each names its parent. */
function childrenOf(outDir: string): { keys: string[]; parentsNamed: boolean } {
  const keys: string[] = [];
  let parentsNamed = true;
  for (const file of partFiles(outDir, 'children')) {
    for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as { id: number; parent_id: number; _records_id: number };
      if (r._records_id !== r.parent_id || Math.floor(r.id / CHILDREN) !== r.parent_id) parentsNamed = false;
      keys.push(`${r.id}:${r.parent_id}`);
    }
  }
  return { keys: keys.sort(), parentsNamed };
}

/** Fan-out (issue 17). */
export const fanOut = defineScenario({
  id: ID,
  title: TITLE,
  target: TARGET,
  workers: ['server', 'fanOutRun'],
  inputs: (context) => ({
    parents: context.quick ? 80 : 400,
    children_per_parent: CHILDREN,
    child_pages_per_parent: 1,
    record_bytes: 200,
    api_latency_ms_per_page: 50,
    parent_pages: 1,
    concurrency: 8,
    repeats: context.quick ? 1 : 3,
  }),
  async measure(context, inputs) {
    const server = await startApiServer(context.workers.server, {
      pages: 1,
      recordsPerPage: inputs.parents,
      recordBytes: inputs.record_bytes,
      delayMs: inputs.api_latency_ms_per_page,
      style: 'offset',
      childrenPerParent: CHILDREN,
    });
    const expected = Array.from({ length: inputs.parents * CHILDREN }, (_, id) => `${id}:${Math.floor(id / CHILDREN)}`).sort();
    const outputs: Array<{ identical: boolean; parentsNamed: boolean }> = [];
    try {
      const secrets = secretsFile(context);
      const runWith = (concurrency: number) => async (i: number) => {
        const outDir = freshDir(context, ID, `c${concurrency}-${i}`);
        const report = await runWorker(context.workers.fanOutRun, { origin: server.origin, parents: inputs.parents, concurrency, outDir, secretsFile: secrets });
        const { keys, parentsNamed } = childrenOf(outDir);
        outputs.push({ identical: keys.length === expected.length && keys.every((k, j) => k === expected[j]), parentsNamed });
        return report;
      };
      const pairs = await alternate<WorkerReport, WorkerReport>(inputs.repeats, runWith(inputs.concurrency), runWith(1));
      context.log(`${ID}: c8 ${pairs.a.map((r) => Math.round(r.wallMs)).join(',')} ms; c1 ${pairs.b.map((r) => Math.round(r.wallMs)).join(',')} ms`);
      const identical = outputs.every((o) => o.identical);
      const parentsNamed = outputs.every((o) => o.parentsNamed);
      return speedupResult({
        minSpeedup: MIN_SPEEDUP,
        concurrency: inputs.concurrency,
        pairs,
        otherWhys: [
          ...(identical ? [] : ['child records differ from every parent’s children once']),
          ...(parentsNamed ? [] : ['a child record without its parent field']),
        ],
        checks: {
          // The floors: the parent page, then the child pages 8 at a time, or one after another.
          ideal_parallel_ms: inputs.api_latency_ms_per_page * (1 + Math.ceil(inputs.parents / inputs.concurrency)),
          ideal_serial_ms: inputs.api_latency_ms_per_page * (1 + inputs.parents),
          records_identical: identical,
          parent_fields: parentsNamed,
          runs_checked: outputs.length,
        },
      });
    } finally {
      server.stop();
    }
  },
});
