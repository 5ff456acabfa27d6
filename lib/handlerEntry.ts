/**
 * Generates the bundle entry of one source: a tiny module that imports the
 * source file (JSON, or TypeScript that may call `registerAuth` or
 * `registerPaginator`) and the shared handler, so esbuild bundles the
 * validated definition with the code instead of putting it into environment
 * variables (4 KB limit).
 *
 * A JSON source validated at synth is bundled already normalized: the entry
 * calls `createSourceHandler`, so the function neither carries the source
 * schema nor runs it at init (≈60 ms of every cold start, for a check synth
 * made on the same file with the same code), and it imports the SSM secret
 * store only when the source references secrets. A TypeScript source is a
 * program (it may compute its definition, register auth types), so it is still
 * validated at init.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { SourceModel } from '../lambdas/model';

/** Where the repository root is: the handler module and the lock file live there. */
export const PROJECT_ROOT = resolve(__dirname, '..');

/** The SSM secret store, imported by the entry of a source with secret references. */
export const SSM_SECRET_STORE_MODULE = join(PROJECT_ROOT, 'lambdas', 'secrets', 'SsmSecretStore.ts');

/** The script that bundles a handler with esbuild's API (and its one plugin); see {@link bundleHandlerEntry}. */
export const BUILD_SCRIPT = join(PROJECT_ROOT, 'lib', 'buildHandler.mjs');

/** The shared Lambda handler module. */
export const HANDLER_MODULE = join(PROJECT_ROOT, 'lambdas', 'handler.ts');

/** The handler of an already validated source (no schema, no validation at init). */
export const SOURCE_HANDLER_MODULE = join(PROJECT_ROOT, 'lambdas', 'sourceHandler.ts');

/**
 * SDK packages the bundle leaves to the runtime: the Lambda client, loaded
 * only when a run continues in a new invocation, the Glue client, loaded only
 * after a commit to register it (bundled, its serializers alone took the
 * bundle past 1.5 MB), and the credential providers
 * that the default chain imports only when the environment holds no
 * credentials (a Lambda function always has them in its environment). Bundled,
 * they would be compiled at every cold start for code that does not run; the
 * nodejs22.x runtime ships all of them.
 */
export const RUNTIME_PROVIDED_MODULES = Object.freeze([
  '@aws-sdk/client-lambda',
  '@aws-sdk/client-glue',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
]);

/**
 * How a handler is bundled (the local bundling of `lib/Extractor.ts`, through
 * {@link bundleHandlerEntry}); shared with the benchmark
 * (`bench/lib/bundleHandler.ts`), so the bench measures the artifact that is
 * deployed. The format is CommonJS.
 *
 * Cold start is dominated by compiling the code loaded at init, so:
 * - The S3 and SSM clients are bundled, tree-shaken, at the versions tested
 *   (with `@aws-sdk/lib-storage`, which must match its `client-s3`). Loaded
 *   from the runtime's `node_modules` they cost ≈100 ms more of init: hundreds
 *   of files resolved and compiled whole.
 * - Whitespace and syntax are minified, identifiers are not: stack traces keep
 *   the functions' names, so no source map has to be loaded. Node parses a map
 *   at load when `--enable-source-maps` is set, ≈100 ms for this bundle's.
 * - The SDK clients' unused operation schemas are dropped (`lib/buildHandler.mjs`:
 *   esbuild keeps an object with a computed key, so it kept every schema of
 *   both clients, ≈95 KB of the bundle with a secret). That needs a plugin,
 *   which only esbuild's API runs, hence the function is not a `NodejsFunction`
 *   (its bundling runs the command line).
 */
export const HANDLER_BUNDLING = Object.freeze({
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: false,
  sourceMap: false,
  target: 'node22',
  // Prefer ES module builds: esbuild tree-shakes them (ky, json-p3 ship ESM only).
  mainFields: Object.freeze(['module', 'main']),
  externalModules: RUNTIME_PROVIDED_MODULES,
});

/**
 * {@link HANDLER_BUNDLING} as options of esbuild's API, which
 * {@link bundleHandlerEntry} builds with; also read by the tools that look
 * into the bundle (the bundle dependency check).
 */
export function handlerBuildOptions(): {
  bundle: true;
  platform: 'node';
  format: 'cjs';
  target: string;
  minifyWhitespace: boolean;
  minifySyntax: boolean;
  minifyIdentifiers: boolean;
  sourcemap: boolean;
  mainFields: string[];
  external: string[];
} {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: HANDLER_BUNDLING.target,
    minifyWhitespace: HANDLER_BUNDLING.minifyWhitespace,
    minifySyntax: HANDLER_BUNDLING.minifySyntax,
    minifyIdentifiers: HANDLER_BUNDLING.minifyIdentifiers,
    sourcemap: HANDLER_BUNDLING.sourceMap,
    mainFields: [...HANDLER_BUNDLING.mainFields],
    external: [...HANDLER_BUNDLING.externalModules],
  };
}

/** What {@link bundleHandlerEntry} builds. */
export interface HandlerBundleOptions {
  /** The entry files (from {@link writeHandlerEntry}). */
  readonly entryPoints: readonly string[];
  /** The bundle of a single entry, e.g. `<asset dir>/index.js`. */
  readonly outfile?: string;
  /** The directory of the bundles of several entries. */
  readonly outdir?: string;
  /** More modules left out of the bundle than {@link RUNTIME_PROVIDED_MODULES}. @default none */
  readonly external?: readonly string[];
  /** Write esbuild's metafile here. @default none written */
  readonly metafile?: string;
  /** Directories searched for packages besides the entry's ancestors. @default none */
  readonly nodePaths?: readonly string[];
}

/**
 * Bundles handler entries as deployed: {@link handlerBuildOptions} and the
 * plugin of `lib/buildHandler.mjs`, in a child `node` (a CDK asset's local
 * bundling is synchronous; esbuild runs plugins only asynchronously). The
 * benchmark and the bundle dependency check build through here too.
 * @throws Error with esbuild's messages when the build fails
 */
export function bundleHandlerEntry(options: HandlerBundleOptions): void {
  const base = handlerBuildOptions();
  const build = {
    ...base,
    entryPoints: [...options.entryPoints],
    ...(options.outfile === undefined ? {} : { outfile: options.outfile }),
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    external: [...base.external, ...(options.external ?? [])],
    ...(options.nodePaths === undefined ? {} : { nodePaths: [...options.nodePaths] }),
    absWorkingDir: PROJECT_ROOT,
  };
  const result = spawnSync(process.execPath, [BUILD_SCRIPT, JSON.stringify({ options: build, metafile: options.metafile })], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (result.error) throw new Error(`bundling ${options.entryPoints.join(', ')} failed to start: ${result.error.message}`, { cause: result.error });
  if (result.status !== 0) throw new Error(`bundling ${options.entryPoints.join(', ')} failed (exit ${String(result.status ?? result.signal)}):\n${result.stderr}`);
}

/** Options of {@link writeHandlerEntry}. */
export interface HandlerEntryOptions {
  /** The source's name (names the file). */
  readonly name: string;
  /** The source file to bundle. */
  readonly sourceFile: string;
  /** Directory for generated entries; must lie under the bundling project root. */
  readonly dir: string;
  /** @default {@link HANDLER_MODULE} */
  readonly handlerModule?: string;
  /**
   * The source as validated at synth from `sourceFile`. Given for a JSON source,
   * the entry bundles it normalized and skips validation at init.
   */
  readonly validated?: SourceModel;
}

const GENERATED = '// Generated by lib/handlerEntry.ts for `cdk synth`; do not edit.\n';

/**
 * The entry of a JSON source validated at synth: the normalized source, handed
 * to `createSourceHandler` (nothing imported from the file itself).
 */
export function validatedEntrySource(source: SourceModel, sourceModule: string = SOURCE_HANDLER_MODULE): string {
  const handler = JSON.stringify(resolve(sourceModule).replace(/\.ts$/, ''));
  const store = JSON.stringify(SSM_SECRET_STORE_MODULE.replace(/\.ts$/, ''));
  // Only a source with secret references carries the SSM client (and has SSM permissions).
  const secrets = source.secrets.length > 0;
  return (
    GENERATED +
    '// Validated and normalized at synth: the function does not validate it again at init.\n' +
    `import { createSourceHandler } from ${handler};\n` +
    (secrets ? `import { SsmSecretStore } from ${store};\n` : '') +
    `\nconst source = ${JSON.stringify(source)};\n\n` +
    (secrets
      ? 'export const handler = createSourceHandler(source, { secrets: new SsmSecretStore({ ttlSeconds: source.run.secretsTtlSeconds }) });\n'
      : '// The source references no secrets: no SSM client in this function.\nexport const handler = createSourceHandler(source);\n')
  );
}

/** The text of the entry module of a source. */
export function handlerEntrySource(sourceFile: string, handlerModule: string = HANDLER_MODULE): string {
  const source = JSON.stringify(resolve(sourceFile));
  const handler = JSON.stringify(resolve(handlerModule).replace(/\.ts$/, ''));
  const load =
    extname(sourceFile) === '.json'
      ? `import definition from ${source};\n`
      : // Same rule as loadSource's readDefinition: the default export, else an export named `source`.
        `import * as mod from ${source};\nconst exported = mod as { default?: unknown; source?: unknown };\nconst definition = exported.default ?? exported.source;\n`;
  return (
    GENERATED +
    '// The source is imported first, so a custom auth or paginator type it registers exists before the handler validates it.\n' +
    load +
    `import { createHandler } from ${handler};\n\n` +
    'export const handler = createHandler(definition);\n'
  );
}

/**
 * Writes the entry file and returns its path. The file name carries a hash of
 * its content, and it is written through a rename, so concurrent syntheses
 * (parallel tests) never see a half-written or someone else's entry.
 */
export function writeHandlerEntry(options: HandlerEntryOptions): string {
  const text =
    options.validated && extname(options.sourceFile) === '.json'
      ? validatedEntrySource(options.validated)
      : handlerEntrySource(options.sourceFile, options.handlerModule);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  mkdirSync(options.dir, { recursive: true });
  const file = join(options.dir, `${options.name}-${hash}.ts`);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
  return file;
}
