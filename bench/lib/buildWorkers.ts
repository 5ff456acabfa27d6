/**
 * Bundles the bench's child-process scripts with esbuild, so children start
 * as plain `node` (no tsx loader in any measurement) and run the engine the
 * way Lambda does: as one bundle. A worker that cannot be bundled (an engine
 * module not written yet) is reported by name; the scenarios that need it say
 * so instead of measuring.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

/** Worker scripts, by name, relative to bench/. */
export const WORKER_ENTRIES: Readonly<Record<string, string>> = Object.freeze({
  server: 'server/serve.ts',
  rawFetch: 'workers/rawFetch.ts',
  engineRun: 'workers/engineRun.ts',
  warmReuse: 'workers/warmReuse.ts',
  fanOutRun: 'workers/fanOutRun.ts',
});

/** Bundled workers and the reasons some could not be bundled. */
export interface BuiltWorkers {
  readonly workers: Record<string, string>;
  readonly errors: Record<string, string>;
}

/** The first line of an esbuild failure: which import could not be resolved. */
export function firstBuildError(error: unknown): string {
  const errors = (error as { errors?: Array<{ text: string; location?: { file: string } | null }> }).errors;
  if (errors?.length) return errors.map((e) => `${e.location?.file ?? ''}: ${e.text}`).slice(0, 2).join('; ');
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** Bundles every worker into `<outDir>/<name>.cjs`. */
export async function buildWorkers(benchDir: string, outDir: string): Promise<BuiltWorkers> {
  mkdirSync(outDir, { recursive: true });
  const workers: Record<string, string> = {};
  const errors: Record<string, string> = {};
  await Promise.all(
    Object.entries(WORKER_ENTRIES).map(async ([name, entry]) => {
      const outfile = join(outDir, `${name}.cjs`);
      try {
        await build({
          entryPoints: [resolve(benchDir, entry)],
          outfile,
          bundle: true,
          platform: 'node',
          target: 'node20',
          format: 'cjs',
          logLevel: 'silent',
          // Names kept: a `--cpu-prof` of a worker should be readable.
          minify: false,
          sourcemap: 'linked',
        });
        workers[name] = outfile;
      } catch (error) {
        errors[name] = firstBuildError(error);
      }
    }),
  );
  return { workers, errors };
}
