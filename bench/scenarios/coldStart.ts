/**
 * 5. Cold start: the deployed handler bundle's size, and the time a fresh `node`
 * process takes to `require` it and have the handler ready (module-scope init
 * included: logger, metrics, and the SDK clients, which the bundle leaves to
 * the runtime but whose load still counts; run with the function's
 * NODE_OPTIONS). The same entry with the SDK bundled in is measured too, for
 * comparison, not against the targets. The baseline is
 * a fresh `node` requiring an empty module, so the ratio shows what the bundle
 * adds to Node's own start. Time is `performance.now()` right after the
 * require, i.e. from process start. Protects: Lambda init time (billed, and
 * added to every cold invocation) and deployment size.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANDLER_NODE_OPTIONS } from '../../lib/handlerEntry';
import { bundleHandler } from '../lib/bundleHandler';
import { firstBuildError } from '../lib/buildWorkers';
import { benchSource } from '../lib/benchSource';
import { alternate, freshDir, notRun, secondsSince } from '../lib/scenarioKit';
import { median, round } from '../lib/stats';
import type { BenchContext, Scenario, ScenarioResult } from '../lib/types';
import { runWorker } from '../lib/worker';

const ID = 'cold-start';
const TITLE = 'Handler bundle size and cold require';
const TARGET = 'bundle < 1.5 MB; require-to-ready median < 250 ms';
const MAX_BYTES = 1.5 * 1024 * 1024;
const MAX_READY_MS = 250;

interface ProbeReport {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly requireMs: number;
}

/** A tiny probe: require the module, check `handler`, report time since process start. */
function writeProbe(dir: string): string {
  const probe = join(dir, 'probe.cjs');
  writeFileSync(
    probe,
    [
      "'use strict';",
      'const before = performance.now();',
      'const mod = require(JSON.parse(process.argv[2]).module);',
      "if (process.env.BENCH_EXPECT_HANDLER === '1' && typeof mod.handler !== 'function') throw new Error('no handler export');",
      'const ready = performance.now();',
      'const u = process.resourceUsage();',
      "process.stdout.write('\\n@@bench-report ' + JSON.stringify({ wallMs: ready, requireMs: ready - before, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 }) + '\\n');",
      '',
    ].join('\n'),
  );
  return probe;
}

async function run(context: BenchContext): Promise<ScenarioResult> {
  const started = performance.now();
  const inputs = {
    repeats: context.quick ? 5 : 15,
    esbuild: 'as deployed (lib/handlerEntry.ts HANDLER_BUNDLING): minify, source map, target node22, cjs, @aws-sdk/client-* external (loaded from node_modules, as from the runtime)',
    node_options: HANDLER_NODE_OPTIONS,
    source: 'one json_link resource, no auth, validated at synth (entry calls createSourceHandler)',
  };
  const dir = freshDir(context, ID);
  let bundle;
  let withSdk;
  try {
    const definition = benchSource({ origin: 'https://api.example.com', style: 'link', recordsPerPage: 100, name: 'bench-cold' });
    bundle = await bundleHandler(context.repoRoot, dir, definition);
    withSdk = await bundleHandler(context.repoRoot, freshDir(context, ID, 'sdk-bundled'), definition, 'bundled');
  } catch (error) {
    return notRun(ID, TITLE, inputs, TARGET, `engine piece missing: ${firstBuildError(error)}`, started);
  }
  const empty = join(dir, 'empty.cjs');
  writeFileSync(empty, 'module.exports = {};\n');
  const probe = writeProbe(dir);
  const env = { SLUICE_SOURCE: 'bench-cold', SLUICE_BUCKET: 'bench-bucket', SLUICE_PREFIX: '', AWS_REGION: 'us-east-1', POWERTOOLS_SERVICE_NAME: 'sluice-bench-cold' };
  // The function's NODE_OPTIONS (source maps) apply to the handler, not to bare node.
  const handlerEnv = { ...env, BENCH_EXPECT_HANDLER: '1', NODE_OPTIONS: HANDLER_NODE_OPTIONS };
  const pairs = await alternate<ProbeReport, ProbeReport>(
    inputs.repeats,
    () => runWorker<ProbeReport>(probe, { module: bundle.file }, { env: handlerEnv }),
    () => runWorker<ProbeReport>(probe, { module: empty }, { env }),
  );
  const sdkRuns: ProbeReport[] = [];
  for (let i = 0; i < Math.ceil(inputs.repeats / 3); i++) sdkRuns.push(await runWorker<ProbeReport>(probe, { module: withSdk.file }, { env: handlerEnv }));
  const readyMs = round(median(pairs.a.map((r) => r.wallMs)));
  const nodeMs = round(median(pairs.b.map((r) => r.wallMs)));
  const ratio = round(readyMs / nodeMs, 2);
  const sizeMb = round(bundle.bytes / 1024 / 1024, 2);
  const whys = [
    ...(bundle.bytes >= MAX_BYTES ? [`bundle is ${sizeMb} MB`] : []),
    ...(readyMs >= MAX_READY_MS ? [`handler ready after ${readyMs} ms`] : []),
  ];
  return {
    id: ID,
    title: TITLE,
    inputs,
    unit: 'ms',
    sluice: {
      label: 'node + require(deployed handler bundle)',
      median: readyMs,
      samples: pairs.a.map((r) => round(r.wallMs)),
      extra: { require_ms: round(median(pairs.a.map((r) => r.requireMs))), peak_rss_mb: round(median(pairs.a.map((r) => r.maxRssMb))) },
    },
    baseline: { label: 'node + require(empty module)', median: nodeMs, samples: pairs.b.map((r) => round(r.wallMs)) },
    ratio,
    target: TARGET,
    met: whys.length === 0,
    ...(whys.length ? { why: whys.join('; ') } : {}),
    checks: {
      bundle_bytes: bundle.bytes,
      bundle_mb: sizeMb,
      ready_ms: readyMs,
      // Comparison only: the same entry with the SDK clients bundled in (not deployed).
      sdk_bundled_bytes: withSdk.bytes,
      sdk_bundled_mb: round(withSdk.bytes / 1024 / 1024, 2),
      sdk_bundled_ready_ms: round(median(sdkRuns.map((r) => r.wallMs))),
    },
    seconds: secondsSince(started),
  };
}

/** Scenario 5. */
export const coldStart: Scenario = { id: ID, title: TITLE, run };
