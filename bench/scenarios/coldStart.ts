/**
 * 5. Cold start: the deployed handler bundle's size, and the time a fresh `node`
 * process takes to `require` it and have the handler ready (module-scope init
 * included: logger, metrics, the SDK clients). Two sources, each bundled as
 * `cdk synth` bundles it: one with a secret in SSM (a bearer token; its bundle
 * carries the SSM client) and one without secrets (no SSM client); both must
 * meet the targets, and the table shows the first, the usual case. What the
 * bundle leaves to the runtime (the Lambda client, the fallback credential
 * providers) is not loaded at init, and would resolve from `node_modules` as
 * from the runtime's. The previous way of deploying (every SDK client from the
 * runtime) is measured too, for comparison only. The baseline is a fresh `node`
 * requiring an empty module, so the ratio shows what the bundle adds to Node's
 * own start. Time is `performance.now()` right after the require, i.e. from
 * process start. Protects: Lambda init time (billed, and added to every cold
 * invocation) and deployment size.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleHandler } from '../lib/bundleHandler';
import { firstBuildError } from '../lib/buildWorkers';
import { benchSource } from '../lib/benchSource';
import { defineScenario, freshDir, unmeasured } from '../lib/scenarioKit';
import { median, round } from '../lib/stats';
import { runWorker } from '../lib/worker';

const ID = 'cold-start';
const TITLE = 'Handler bundle size and cold require';
const TARGET = 'bundle < 1 MB; require-to-ready median < 200 ms (with and without secrets)';
const MAX_BYTES = 1024 * 1024;
const MAX_READY_MS = 200;

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

/** The sides measured, in the order each round runs them. */
type Variant = 'secrets' | 'noSecrets' | 'empty' | 'runtimeSdk';

/** Scenario 5. */
export const coldStart = defineScenario({
  id: ID,
  title: TITLE,
  target: TARGET,
  workers: [],
  inputs: (context) => ({
    repeats: context.quick ? 5 : 25,
    esbuild: 'as deployed (lib/handlerEntry.ts bundleHandlerEntry with HANDLER_BUNDLING): whitespace and syntax minified, names kept, no source map, node22, cjs; S3 and SSM clients bundled, their unused operation schemas dropped; Lambda and Glue clients and fallback credential providers left to the runtime (node_modules here)',
    node_options: 'none (as deployed)',
    sources: {
      secrets: 'one json_link resource, bearer token from SSM, validated at synth (entry calls createSourceHandler with an SsmSecretStore)',
      no_secrets: 'one json_link resource, no auth: the bundle has no SSM client',
    },
  }),
  async measure(context, inputs) {
    const dir = freshDir(context, ID);
    const origin = 'https://api.example.com';
    const bundles: Partial<Record<Exclude<Variant, 'empty'>, { file: string; bytes: number }>> = {};
    try {
      const withSecret = benchSource({ origin, style: 'link', recordsPerPage: 100, name: 'bench-cold', auth: { type: 'bearer', token: { ssm: '/sluice/bench-cold/token' } } });
      bundles.secrets = await bundleHandler(context.repoRoot, freshDir(context, ID, 'secrets'), withSecret);
      bundles.noSecrets = await bundleHandler(context.repoRoot, freshDir(context, ID, 'no-secrets'), benchSource({ origin, style: 'link', recordsPerPage: 100, name: 'bench-cold' }));
      bundles.runtimeSdk = await bundleHandler(context.repoRoot, freshDir(context, ID, 'runtime-sdk'), withSecret, 'runtime');
    } catch (error) {
      return unmeasured(`engine piece missing: ${firstBuildError(error)}`);
    }
    const empty = join(dir, 'empty.cjs');
    writeFileSync(empty, 'module.exports = {};\n');
    const probe = writeProbe(dir);
    const env = { SLUICE_SOURCE: 'bench-cold', SLUICE_BUCKET: 'bench-bucket', SLUICE_PREFIX: '', AWS_REGION: 'us-east-1', POWERTOOLS_SERVICE_NAME: 'sluice-bench-cold' };
    const samples: Record<Variant, ProbeReport[]> = { secrets: [], noSecrets: [], empty: [], runtimeSdk: [] };
    const probeOf = (variant: Variant) =>
      variant === 'empty'
        ? runWorker<ProbeReport>(probe, { module: empty }, { env })
        : runWorker<ProbeReport>(probe, { module: bundles[variant]?.file }, { env: { ...env, BENCH_EXPECT_HANDLER: '1' } });
    // Round robin, the order rotating each round, so a slow phase of the machine hits every side.
    const order: Variant[] = ['secrets', 'empty', 'noSecrets'];
    for (let i = 0; i < inputs.repeats; i++) {
      const round = [...order.slice(i % order.length), ...order.slice(0, i % order.length), ...(i % 3 === 0 ? (['runtimeSdk'] as const) : [])];
      for (const variant of round) samples[variant].push(await probeOf(variant));
    }
    const ready = (variant: Variant) => round(median(samples[variant].map((r) => r.wallMs)));
    const readyMs = ready('secrets');
    const noSecretsMs = ready('noSecrets');
    const nodeMs = ready('empty');
    const ratio = round(readyMs / nodeMs, 2);
    const mb = (bytes = 0) => round(bytes / 1024 / 1024, 2);
    const whys = [
      ...Object.entries({ 'with secrets': bundles.secrets, 'without secrets': bundles.noSecrets })
        .filter(([, b]) => (b?.bytes ?? 0) >= MAX_BYTES)
        .map(([what, b]) => `bundle ${what} is ${mb(b?.bytes)} MB`),
      ...(readyMs >= MAX_READY_MS ? [`handler with secrets ready after ${readyMs} ms`] : []),
      ...(noSecretsMs >= MAX_READY_MS ? [`handler without secrets ready after ${noSecretsMs} ms`] : []),
    ];
    return {
      unit: 'ms',
      sluice: {
        label: 'node + require(deployed handler bundle, source with an SSM secret)',
        median: readyMs,
        samples: samples.secrets.map((r) => round(r.wallMs)),
        extra: { require_ms: round(median(samples.secrets.map((r) => r.requireMs))), peak_rss_mb: round(median(samples.secrets.map((r) => r.maxRssMb))) },
      },
      baseline: { label: 'node + require(empty module)', median: nodeMs, samples: samples.empty.map((r) => round(r.wallMs)) },
      ratio,
      met: whys.length === 0,
      ...(whys.length ? { why: whys.join('; ') } : {}),
      checks: {
        bundle_bytes: bundles.secrets.bytes,
        bundle_mb: mb(bundles.secrets.bytes),
        ready_ms: readyMs,
        no_secrets_bundle_bytes: bundles.noSecrets.bytes,
        no_secrets_bundle_mb: mb(bundles.noSecrets.bytes),
        // What the bundle adds to Node's own start, paired within each round (steadier than either median on a noisy machine).
        added_ms: round(median(samples.secrets.map((r, i) => r.wallMs - samples.empty[i].wallMs))),
        no_secrets_ready_ms: noSecretsMs,
        no_secrets_added_ms: round(median(samples.noSecrets.map((r, i) => r.wallMs - samples.empty[i].wallMs))),
        no_secrets_samples: samples.noSecrets.map((r) => round(r.wallMs)),
        // Comparison only: every SDK client from the runtime, as deployed before.
        runtime_sdk_bundle_mb: mb(bundles.runtimeSdk.bytes),
        runtime_sdk_ready_ms: ready('runtimeSdk'),
      },
    };
  },
});
