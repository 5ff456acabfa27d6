/**
 * Loads source definitions from files: `*.json` parsed, `*.ts` imported (its
 * default export, or an export named `source`), then validated. A name given
 * instead of a path is looked up in the sources directory.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { ConfigValidationError } from '../errors/ConfigValidationError';
import type { NormalizedSource } from './NormalizedSource';
import { validateSource } from './validateSource';

/** A loaded, validated source and where it came from. */
export interface LoadedSource {
  /** The file, as given or found. */
  readonly file: string;
  readonly source: NormalizedSource;
}

/** Options of {@link loadSourceFile}. */
export interface LoadOptions {
  /** Require `schedule` (deployment). Default false. */
  readonly requireSchedule?: boolean;
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
  const source = validateSource(readDefinition(file), { file: shown, requireSchedule: options.requireSchedule ?? false });
  return { file: shown, source };
}

/** Lists the source files of a directory (`*.json`, `*.ts`; not `*.d.ts`, `*.test.ts`), sorted, recursing into subfolders. */
export function listSourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry === 'node_modules' || entry.startsWith('.') || entry === 'lib' || entry === 'auth') continue;
      out.push(...listSourceFiles(full));
    } else if ((entry.endsWith('.json') || entry.endsWith('.ts')) && !entry.endsWith('.d.ts') && !entry.endsWith('.test.ts')) {
      out.push(full);
    }
  }
  return out;
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
