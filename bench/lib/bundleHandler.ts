/**
 * Bundles the Lambda handler the way a deployed function is built: a
 * generated entry that imports `createHandler` and calls it with a bundled
 * source definition at module scope, through esbuild (minify, platform node,
 * target node22, cjs). The AWS SDK is bundled in, not left to the runtime, so
 * size and init time are the whole artifact's.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

/** A bundled handler. */
export interface HandlerBundle {
  /** The `.js` file; `require(file).handler` is the handler. */
  readonly file: string;
  readonly bytes: number;
}

/** Writes the entry for `definition` into `dir` and bundles it to `dir/index.js`. */
export async function bundleHandler(repoRoot: string, dir: string, definition: unknown): Promise<HandlerBundle> {
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'entry.ts');
  const handlerModule = resolve(repoRoot, 'lambdas/handler');
  writeFileSync(
    entry,
    [
      `import { createHandler } from ${JSON.stringify(handlerModule)};`,
      `const definition = ${JSON.stringify(definition)};`,
      'export const handler = createHandler(definition);',
      '',
    ].join('\n'),
  );
  const file = join(dir, 'index.js');
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    logLevel: 'silent',
    absWorkingDir: repoRoot,
  });
  return { file, bytes: statSync(file).size };
}
