/**
 * Loads every source the CDK app deploys: each `*.json` / `*.ts` file of the
 * sources directory, validated with `schedule` required, exactly as the CLI
 * validates it, so `cdk synth` fails with the same field-path message.
 */
import { basename, join, relative, resolve, sep } from 'node:path';
import { ConfigValidationError } from '../lambdas/errors/ConfigValidationError';
import { NoSourcesError } from '../lambdas/errors/NoSourcesError';
import type { LoadedSource, SkippedSourceFile } from '../lambdas/config/loadSource';
import { listSourceFiles, loadSourceFile, scanSourceFiles } from '../lambdas/config/loadSource';

/** The folder of shipped examples, skipped unless it is the directory asked for. */
export const EXAMPLES_FOLDER = 'examples';

/** Options of {@link loadSources}. */
export interface LoadSourcesOptions {
  /** The sources directory. */
  readonly dir: string;
  /**
   * Skip `<dir>/examples/`: the examples ship with sluice and would otherwise
   * be deployed into every user's account. Pass `-c sources=sources/examples`
   * to deploy them on purpose.
   * @default true
   */
  readonly skipExamples?: boolean;
  /**
   * Told of each file that is not a source (a helper module, a type
   * declaration, a test), with the reason.
   * @default a line on stderr: `sluice: skipped <file>: <reason>`
   */
  readonly onSkipped?: (skipped: SkippedSourceFile) => void;
}

function printSkipped({ file, reason }: SkippedSourceFile): void {
  process.stderr.write(`sluice: skipped ${relative(process.cwd(), file) || file}: ${reason}\n`);
}

/**
 * Loads and validates every source of `options.dir`, sorted by file.
 * @throws ConfigValidationError on the first invalid file (its field paths) or on
 *   two sources with one name (naming both files)
 * @throws NoSourcesError when there is no source
 */
export function loadSources(options: LoadSourcesOptions): LoadedSource[] {
  const dir = options.dir;
  const examples = resolve(dir, EXAMPLES_FOLDER) + sep;
  const inScope = (file: string): boolean => !(options.skipExamples ?? true) || !resolve(file).startsWith(examples);
  const scan = scanSourceFiles(dir);
  scan.skipped.filter((s) => inScope(s.file)).forEach(options.onSkipped ?? printSkipped);
  const files = scan.files.filter(inScope);
  if (files.length === 0) {
    const shown = relative(process.cwd(), resolve(dir)) || '.';
    const hint = listSourceFiles(join(dir, EXAMPLES_FOLDER)).length > 0 ? ` (see ${join(shown, EXAMPLES_FOLDER)}/, or deploy them with \`-c sources=${join(shown, EXAMPLES_FOLDER)}\`)` : '';
    throw new NoSourcesError(shown, hint);
  }
  const loaded: LoadedSource[] = [];
  const byName = new Map<string, string>();
  for (const file of files) {
    const entry = loadSourceFile(file, { requireSchedule: true });
    const first = byName.get(entry.source.name);
    if (first !== undefined) {
      throw new ConfigValidationError(entry.file, [
        { path: 'name', message: `duplicate source name "${entry.source.name}": ${first} and ${entry.file} both declare it; names must be unique across ${basename(resolve(dir))}/` },
      ]);
    }
    byName.set(entry.source.name, entry.file);
    loaded.push(entry);
  }
  return loaded;
}
