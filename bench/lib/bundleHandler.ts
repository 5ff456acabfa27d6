/**
 * Bundles the Lambda handler the way `cdk synth` builds a deployed function:
 * the entry `lib/handlerEntry.ts` generates for a JSON source (validated and
 * normalized at synth, handed to `createSourceHandler`), bundled by esbuild
 * with the options of {@link HANDLER_BUNDLING} (minified, source map, node22,
 * cjs, `@aws-sdk/client-*` left to the runtime). The size target is about this
 * artifact. `sdk: 'bundled'` builds the same entry with the SDK clients inside,
 * for comparison only.
 */
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { validateSource } from '../../lambdas/config/validateSource';
import { HANDLER_BUNDLING, validatedEntrySource } from '../../lib/handlerEntry';

/** A bundled handler. */
export interface HandlerBundle {
  /** The `.js` file; `require(file).handler` is the handler. */
  readonly file: string;
  readonly bytes: number;
}

/** Where the SDK clients come from: the runtime (as deployed) or the bundle. */
export type SdkPlacement = 'external' | 'bundled';

/** Writes the entry for `definition` into `dir` and bundles it to `dir/index.js`. */
export async function bundleHandler(repoRoot: string, dir: string, definition: unknown, sdk: SdkPlacement = 'external'): Promise<HandlerBundle> {
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, validatedEntrySource(validateSource(definition, { requireSchedule: false })));
  const file = join(dir, 'index.js');
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: HANDLER_BUNDLING.minify,
    sourcemap: HANDLER_BUNDLING.sourceMap,
    platform: 'node',
    target: HANDLER_BUNDLING.target,
    format: 'cjs',
    mainFields: [...HANDLER_BUNDLING.mainFields],
    external: sdk === 'external' ? [...HANDLER_BUNDLING.externalModules] : [],
    logLevel: 'silent',
    absWorkingDir: repoRoot,
  });
  // The runtime's SDK stands in as the repository's: `require('@aws-sdk/client-s3')`
  // from the bundle resolves there, so its load cost counts in init time as on Lambda.
  const modules = join(dir, 'node_modules');
  if (sdk === 'external' && !existsSync(modules)) symlinkSync(join(repoRoot, 'node_modules'), modules, 'dir');
  return { file, bytes: statSync(file).size };
}
