/**
 * Bundles a handler entry with esbuild's API, as `cdk synth` deploys it
 * (`lib/Extractor.ts` runs this file through `bundleHandlerEntry` in
 * `lib/handlerEntry.ts`, and so do the benchmark and the bundle dependency
 * check). It is plain JavaScript run by `node`, so that the synchronous local
 * bundling of an asset can run it as a child process: esbuild's plugins exist
 * only in its asynchronous API.
 *
 * Usage: `node lib/buildHandler.mjs '<json>'`, the JSON holding `options`
 * (esbuild build options without plugins) and optionally `metafile` (a path
 * to write esbuild's metafile to).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The schema files of the AWS SDK clients (one per client at the versions tested). */
const SDK_SCHEMAS = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

/** `const _x = "...";` at the start of a line: the SDK's table of shape and trait names. */
const NAME_TABLE = /^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm;

/**
 * Writes the SDK's computed trait keys (`{ [_hH]: "x-amz-…" }`, `_hH` a string
 * constant of the same file) as the literal keys they are. esbuild keeps an
 * object literal with a computed key even when nothing uses it (the key could
 * be an object whose `toString` runs), so every operation's and structure's
 * schema of a client stayed in the bundle: most of S3's 103 KB and SSM's
 * 52 KB, for the dozen operations sluice calls. With literal keys the unused
 * schemas are dropped. Nothing else changes: the error schemas registered on
 * load stay, and a key reads the same string either way (`__proto__` is left
 * computed, where the two forms differ).
 */
export const sdkSchemaKeys = {
  name: 'sluice-sdk-schema-keys',
  setup(esbuild) {
    esbuild.onLoad({ filter: SDK_SCHEMAS }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const names = new Map();
      for (const [, name, value] of text.matchAll(NAME_TABLE)) if (JSON.parse(value) !== '__proto__') names.set(name, value);
      const contents = text.replace(/\[(_\w+)\]:/g, (key, name) => (names.has(name) ? `${names.get(name)}:` : key));
      return { contents, loader: 'js' };
    });
  },
};

/** Builds `options` with the plugin; writes the metafile when asked. */
export async function buildHandler(options, metafile) {
  const result = await build({ ...options, plugins: [sdkSchemaKeys], metafile: metafile !== undefined, logLevel: 'error' });
  if (metafile !== undefined) await writeFile(metafile, JSON.stringify(result.metafile));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { options, metafile } = JSON.parse(process.argv[2]);
  await buildHandler(options, metafile);
}
