/**
 * Loads source definitions from files: `*.json` parsed, `*.ts` imported (its
 * default export, or an export named `source`), then validated. A name given
 * instead of a path is looked up in the sources directory.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { ConfigValidationError } from '../errors/ConfigValidationError';
import type { SourceModel } from '../model';
import { validateSource } from './validateSource';

/** A loaded, validated source and where it came from. */
export interface LoadedSource {
  /** The file, as given or found. */
  readonly file: string;
  readonly source: SourceModel;
}

/** Options of {@link loadSourceFile}. */
export interface LoadOptions {
  /** Require `schedule` (deployment). Default false. */
  readonly requireSchedule?: boolean;
  /** Turn the warnings (dlt's destination-only hints) into errors. Default false. */
  readonly strict?: boolean;
}

/** Reads a definition (not yet validated) from a JSON or TypeScript file. */
export function readDefinition(file: string): unknown {
  const ext = extname(file);
  if (ext === '.json') {
    const text = readFileSync(file, 'utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ConfigValidationError(file, [{ path: '', message: `not valid JSON: ${(error as Error).message}` }]);
    }
  }
  if (ext === '.ts' || ext === '.js' || ext === '.mjs' || ext === '.cjs') {
    // TypeScript sources are loaded through tsx (the CLI and the CDK app run under it).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(resolve(file)) as Record<string, unknown>;
    const definition = mod.default ?? mod.source;
    if (definition === undefined) {
      throw new ConfigValidationError(file, [{ path: '', message: 'a TypeScript source must `export default` its definition (or `export const source`)' }]);
    }
    return definition;
  }
  throw new ConfigValidationError(file, [{ path: '', message: `unsupported file type "${ext}"; a source is a .json or .ts file` }]);
}

/** Loads and validates one source file. */
export function loadSourceFile(file: string, options: LoadOptions = {}): LoadedSource {
  const shown = relative(process.cwd(), file) || file;
  const source = validateSource(readDefinition(file), { file: shown, requireSchedule: options.requireSchedule ?? false, strict: options.strict ?? false });
  return { file: shown, source };
}

/** A file of a sources directory that is not loaded as a source, and why. */
export interface SkippedSourceFile {
  readonly file: string;
  /** Why it is not a source, printed by `cdk synth`, `sluice validate` and `sluice list`. */
  readonly reason: string;
}

/** What {@link scanSourceFiles} finds in a sources directory. */
export interface SourceFiles {
  /** The files to load as sources, sorted. */
  readonly files: string[];
  /** Every other `*.json` / `*.ts` file, each with the reason it is not loaded. */
  readonly skipped: SkippedSourceFile[];
}

/** Why a TypeScript module is a helper, not a source (see {@link scanSourceFiles}). */
export const HELPER_MODULE_REASON =
  'not a source: it has no default export and no `source` export (a helper module, such as a custom auth strategy or paginator that a source imports)';

/**
 * Finds the source files of a directory, recursing into every subfolder (but
 * `node_modules` and dot-folders). Every `*.json` file is a source. A `*.ts`
 * file is a source when it exports its definition (`export default`, or
 * `export const source`), the rule {@link readDefinition} loads by; a module
 * without either is a helper, such as `sources/lib/SessionLoginAuth.ts`, which
 * a source imports, and it is skipped with that reason. Type declarations
 * (`*.d.ts`), tests (`*.test.ts`) and JSON that is no source definition (a
 * secrets file, a tool's settings: none of `name`, `client`, `resources`) are
 * skipped with theirs.
 */
export function scanSourceFiles(dir: string): SourceFiles {
  const files: string[] = [];
  const skipped: SkippedSourceFile[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder).sort()) {
      const full = join(folder, entry);
      if (statSync(full).isDirectory()) {
        if (entry !== 'node_modules' && !entry.startsWith('.')) walk(full);
      } else if (entry.endsWith('.d.ts')) {
        skipped.push({ file: full, reason: 'not a source: a type declaration file' });
      } else if (entry.endsWith('.test.ts')) {
        skipped.push({ file: full, reason: 'not a source: a test file' });
      } else if (entry.endsWith('.ts') && isHelperModule(full)) {
        skipped.push({ file: full, reason: HELPER_MODULE_REASON });
      } else if (entry.endsWith('.json') && isOtherJson(full)) {
        skipped.push({ file: full, reason: OTHER_JSON_REASON });
      } else if (entry.endsWith('.json') || entry.endsWith('.ts')) {
        files.push(full);
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { files, skipped };
}

/** Lists the source files of a directory, sorted, recursing into subfolders (see {@link scanSourceFiles}). */
export function listSourceFiles(dir: string): string[] {
  return scanSourceFiles(dir).files;
}

/** Why a JSON file is not a source (see {@link scanSourceFiles}). */
export const OTHER_JSON_REASON =
  'not a source: a JSON object with none of "name", "client" and "resources" (a secrets file, or another tool\'s settings; keep secrets files out of the sources folder)';

/**
 * True when a JSON file parses to something that is not meant as a source: not
 * an object, or an object with none of a source's required keys. A file that
 * does not parse, or that has any of them, is left to the loader, which
 * reports every problem of a broken source.
 */
function isOtherJson(file: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return true;
  return !['name', 'client', 'resources'].some((key) => Object.hasOwn(value, key));
}

/** True when a TypeScript module loads and exports no definition; a module that fails to load is left to the loader to report. */
function isHelperModule(file: string): boolean {
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(resolve(file)) as Record<string, unknown>;
  } catch {
    return false;
  }
  return mod.default === undefined && mod.source === undefined;
}

/**
 * Resolves a CLI argument to a file: a path to a `.json`/`.ts` file, or the name
 * of a source in `dir` (matched by file name or by the `name` inside).
 */
export function findSourceFile(nameOrPath: string, dir = 'sources'): string {
  if (existsSync(nameOrPath) && statSync(nameOrPath).isFile()) return nameOrPath;
  const files = listSourceFiles(dir);
  const byFile = files.find((f) => basename(f, extname(f)) === nameOrPath);
  if (byFile) return byFile;
  for (const f of files) {
    try {
      const def = readDefinition(f) as { name?: unknown };
      if (def && def.name === nameOrPath) return f;
    } catch {
      // an invalid file is not this source; it is reported when asked for by path
    }
  }
  throw new ConfigValidationError(undefined, [
    {
      path: '',
      message: `no source "${nameOrPath}": not a file, and no source of that name in ${dir}/ (found: ${files.map((f) => basename(f, extname(f))).join(', ') || 'none'})`,
    },
  ]);
}
