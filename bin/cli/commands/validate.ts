/**
 * `sluice validate [source]`: validates one source, or every source in the
 * sources directory, and reports every problem of every file with its field
 * path, and every warning (a dlt destination-only hint, which has no effect
 * here). Exit 2 when any file is invalid; `--strict` makes warnings problems.
 */
import { jsonFlag, SOURCES } from '../flags';
import { destinationHintIssues, replaceIncrementalIssues } from '../../../lambdas/config/destinationHints';
import { findSourceFile, loadSourceFile, scanSourceFiles } from '../../../lambdas/config/loadSource';
import type { ConfigIssue } from '../../../lambdas/errors/ConfigValidationError';
import { ConfigValidationError } from '../../../lambdas/errors/ConfigValidationError';
import { boolFlag, stringFlag } from '../args';
import type { Command } from '../Command';
import { EXIT } from '../describeError';
import { UsageError } from '../UsageError';

/** One file's result in `--json` output. */
interface FileResult {
  file: string;
  ok: boolean;
  name?: string;
  resources?: number;
  deployable?: boolean;
  issues?: ConfigIssue[];
  /** Accepted keys that have no effect here (dlt's destination-only hints). */
  warnings?: ConfigIssue[];
}

const USAGE = 'sluice validate [source] [--sources DIR] [--strict] [--json]';

/** `sluice validate`. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'Validate one source (or every source in sources/) and list every problem with its field path.',
  spec: { usage: USAGE, flags: {
      json: jsonFlag('{"ok", "sources": [{"file", "ok", "name", "resources", "deployable", "issues", "warnings"}]}'),
      sources: SOURCES,
      strict: { type: 'boolean', description: "dlt's destination-only hints (columns, file_format, …), a merge_key without merge and replace over an incremental cursor become problems instead of warnings." },
    }, minPositionals: 0, maxPositionals: 1 },
  async run(args, { terminal, sourcesDir: defaultDir }) {
    const sourcesDir = stringFlag(args, 'sources') ?? defaultDir;
    const json = boolFlag(args, 'json');
    const strict = boolFlag(args, 'strict');
    const { style } = terminal;
    const scan = args.positionals[0] !== undefined ? { files: [findSourceFile(args.positionals[0], sourcesDir)], skipped: [] } : scanSourceFiles(sourcesDir);
    const files = scan.files;
    if (files.length === 0) throw new UsageError(`no source files (*.json, *.ts) in ${sourcesDir}/; name a file: ${USAGE}`, USAGE);
    const results: FileResult[] = [];
    for (const file of files) {
      try {
        const { file: shown, source } = loadSourceFile(file, { strict });
        const warnings = [...destinationHintIssues(source.definition), ...replaceIncrementalIssues(source)];
        results.push({
          file: shown,
          ok: true,
          name: source.name,
          resources: source.resources.length,
          deployable: source.schedule !== undefined,
          ...(warnings.length > 0 ? { warnings } : {}),
        });
      } catch (error) {
        if (!(error instanceof ConfigValidationError)) throw error;
        results.push({ file: error.file ?? file, ok: false, issues: [...error.issues] });
      }
    }
    const ok = results.every((r) => r.ok);
    if (json) {
      terminal.out(`${JSON.stringify({ ok, sources: results, skipped: scan.skipped })}\n`);
      return ok ? EXIT.ok : EXIT.input;
    }
    for (const r of results) {
      if (r.ok) {
        const note = r.deployable ? '' : style.yellow(' (no schedule: runs locally, `cdk synth` needs one)');
        terminal.out(`${style.green('✔')} ${r.file}: source "${r.name}", ${r.resources} resource${r.resources === 1 ? '' : 's'}${note}\n`);
        for (const w of r.warnings ?? []) terminal.out(`    ${style.yellow('warning')} ${style.bold(w.path)}: ${w.message}\n`);
      } else {
        const issues = r.issues ?? [];
        terminal.out(`${style.red('✘')} ${r.file}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n`);
        for (const i of issues) terminal.out(`    ${style.bold(i.path || '(root)')}: ${i.message}\n`);
      }
    }
    for (const s of scan.skipped) terminal.out(`${style.yellow('–')} ${s.file}: skipped, ${s.reason}\n`);
    const bad = results.filter((r) => !r.ok).length;
    if (bad > 0) {
      terminal.err(`${bad} of ${results.length} source file${results.length === 1 ? '' : 's'} invalid; fix the fields above (docs/writing-sources.md).\n`);
      return EXIT.input;
    }
    return EXIT.ok;
  },
};
