/**
 * `npm run bench`: runs the scenarios one after another, prints a
 * table and writes `bench/results.json`. Each scenario pairs sluice with its
 * baseline in the same run, alternating, so machine noise cancels in the
 * ratio. A scenario whose engine piece is missing reports `met: null` with the
 * reason; no number is ever made up.
 *
 * Flags: `--only=overhead,memory` (merges into the existing results.json),
 * `--quick` (smaller inputs and fewer repeats; a smoke run, results not written
 * unless `--write`), `--keep` (keep the scratch directory).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { updateBenchmarksDoc } from './lib/benchmarksDoc';
import { buildWorkers } from './lib/buildWorkers';
import { machineInfo } from './lib/machine';
import { notRun } from './lib/scenarioKit';
import { round } from './lib/stats';
import { formatTable } from './lib/table';
import type { BenchContext, Scenario, ScenarioResult } from './lib/types';
import { coldStart } from './scenarios/coldStart';
import { fanOut } from './scenarios/fanOut';
import { latencyFloor } from './scenarios/latencyFloor';
import { memory } from './scenarios/memory';
import { overhead } from './scenarios/overhead';
import { parallelPages } from './scenarios/parallelPages';
import { pipelining } from './scenarios/pipelining';
import { rateLimit } from './scenarios/rateLimit';
import { throttleStorm } from './scenarios/throttleStorm';
import { warmReuse } from './scenarios/warmReuse';

/** Every scenario, in issue order. */
export const SCENARIOS: readonly Scenario[] = [overhead, pipelining, latencyFloor, memory, parallelPages, fanOut, rateLimit, throttleStorm, coldStart, warmReuse];

const benchDir = __dirname;
const repoRoot = resolve(benchDir, '..');
const resultsFile = join(benchDir, 'results.json');

function flag(name: string): string | boolean | undefined {
  const arg = process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!arg) return undefined;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : true;
}

function selected(): Scenario[] {
  const only = flag('only');
  if (typeof only !== 'string') return [...SCENARIOS];
  const ids = only.split(',').map((s) => s.trim());
  const unknown = ids.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  return SCENARIOS.filter((s) => ids.includes(s.id));
}

function previousResults(): ScenarioResult[] {
  if (!existsSync(resultsFile)) return [];
  try {
    return (JSON.parse(readFileSync(resultsFile, 'utf8')) as { scenarios?: ScenarioResult[] }).scenarios ?? [];
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const quick = flag('quick') === true;
  const scenarios = selected();
  const workDir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
  const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);
  log(`building workers in ${workDir}`);
  const built = await buildWorkers(benchDir, join(workDir, 'workers'));
  for (const [name, why] of Object.entries(built.errors)) log(`worker ${name} not built: ${why}`);
  const context: BenchContext = { quick, repoRoot, workDir, workers: built.workers, workerErrors: built.errors, log };

  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const t0 = performance.now();
    log(`${scenario.id}: running`);
    try {
      results.push(await scenario.run(context));
    } catch (error) {
      results.push(notRun(scenario.id, scenario.title, {}, '', `failed: ${error instanceof Error ? error.message : String(error)}`, t0));
    }
    const last = results[results.length - 1];
    log(`${scenario.id}: ${last.met === null ? 'not measured' : last.met ? 'met' : 'NOT met'} in ${round((performance.now() - t0) / 1000)} s`);
  }

  const totalSeconds = round((performance.now() - started) / 1000);
  console.log(`\n${formatTable(results)}\n\ntotal ${totalSeconds} s${quick ? ' (quick: not representative)' : ''}`);

  if (!quick || flag('write') === true) {
    // --only merges into the previous results, keeping the other scenarios' latest figures.
    const merged = SCENARIOS.map((s) => results.find((r) => r.id === s.id) ?? previousResults().find((r) => r.id === s.id)).filter(
      (r): r is ScenarioResult => r !== undefined,
    );
    const document = { generated_at: new Date().toISOString(), machine: machineInfo(), quick, total_seconds: totalSeconds, only: scenarios.length < SCENARIOS.length ? scenarios.map((s) => s.id) : undefined, scenarios: merged };
    writeFileSync(resultsFile, `${JSON.stringify(document, null, 2)}\n`);
    log(`wrote ${resultsFile}`);
    if (updateBenchmarksDoc(join(repoRoot, 'BENCHMARKS.md'), merged, document.machine, document.generated_at, totalSeconds, document.only)) {
      log('updated the table in BENCHMARKS.md');
    }
  }
  if (flag('keep') !== true) rmSync(workDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
