/**
 * Bundles the Lambda handler the way `cdk synth` builds a deployed function:
 * the entry `lib/handlerEntry.ts` generates for a JSON source (validated and
 * normalized at synth, handed to `createSourceHandler`), bundled by
 * `bundleHandlerEntry`, the function `lib/Extractor.ts` bundles with (the
 * options of `HANDLER_BUNDLING`: whitespace and syntax minified, names kept, no
 * source map, node22, cjs; the S3 and SSM clients bundled, their unused
 * operation schemas dropped, the Lambda and Glue clients and the fallback
 * credential providers left to the runtime). The size target is about this
 * artifact: the asset holds this one file. `sdk: 'runtime'` builds
 * the same entry with every `@aws-sdk/client-*` left to the runtime (how it was
 * deployed before), for comparison only.
 */
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateSource } from '../../lambdas/config/validateSource';
import { bundleHandlerEntry, validatedEntrySource } from '../../lib/handlerEntry';

/** A bundled handler. */
export interface HandlerBundle {
  /** The `.js` file; `require(file).handler` is the handler. */
  readonly file: string;
  readonly bytes: number;
}

/** Where the S3 and SSM clients come from: the bundle (as deployed) or the runtime. */
export type SdkPlacement = 'bundled' | 'runtime';

/** Writes the entry for `definition` into `dir` and bundles it to `dir/index.js`. */
export async function bundleHandler(repoRoot: string, dir: string, definition: unknown, sdk: SdkPlacement = 'bundled'): Promise<HandlerBundle> {
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, validatedEntrySource(validateSource(definition, { requireSchedule: false })));
  const file = join(dir, 'index.js');
  bundleHandlerEntry({ entryPoints: [entry], outfile: file, external: sdk === 'runtime' ? ['@aws-sdk/client-*'] : [] });
  // The repository's node_modules stand in for the runtime's: what the bundle leaves
  // to the runtime resolves there, so its load cost counts in init time as on Lambda.
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) symlinkSync(join(repoRoot, 'node_modules'), modules, 'dir');
  return { file, bytes: statSync(file).size };
}
