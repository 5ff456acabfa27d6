/**
 * `sluice list`: every source in the sources directory with its schedule, the
 * next run times in the source's time zone, its resources and the secrets it
 * references. An invalid file is listed with its problem count (exit 2).
 */
import { jsonFlag, SOURCES } from '../flags';
import { join, resolve, sep } from 'node:path';
import { loadSourceFile, scanSourceFiles } from '../../../lambdas/config/loadSource';
import type { SourceModel } from '../../../lambdas/model';
import { ConfigValidationError } from '../../../lambdas/errors/ConfigValidationError';
import { boolFlag, positiveIntFlag, stringFlag } from '../args';
import type { Command } from '../Command';
import { EXIT } from '../describeError';
import { formatInZone, nextRunTimes } from '../../../lambdas/schedule/nextRunTimes';
import type { Style } from '../style';

const USAGE = 'sluice list [--sources DIR] [--next N] [--json]';

/** One source in `sluice list --json`. */
export interface ListedSource {
  file: string;
  name: string;
  schedule: string | null;
  timezone: string;
  /** ISO 8601 UTC instants. */
  next_runs: string[];
  resources: Array<{ name: string; parent?: string; incremental?: string; selected: boolean }>;
  secrets: Array<{ parameter: string; field: string }>;
}

/** Describes a source for listing. */
export function listedSource(file: string, source: SourceModel, now: Date, count: number): ListedSource {
  const next = source.schedule ? nextRunTimes(source.schedule, source.timezone, now, count) : [];
  return {
    file,
    name: source.name,
    schedule: source.schedule ?? null,
    timezone: source.timezone,
    next_runs: next.map((d) => d.toISOString()),
    resources: source.resources.map((r) => ({
      name: r.name,
      ...(r.parent ? { parent: r.parent.resource } : {}),
      ...(r.endpoint.incremental ? { incremental: r.endpoint.incremental.cursorPath } : {}),
      selected: r.selected,
    })),
    secrets: source.secrets.map((s) => ({ parameter: s.parameter, field: s.field })),
  };
}

function formatListed(s: ListedSource, style: Style): string {
  const label = (text: string): string => `  ${style.dim(text.padEnd(10))} `;
  const lines = [`${style.bold(s.name)}  ${style.dim(s.file)}`];
  if (s.schedule) {
    lines.push(`${label('schedule')}${s.schedule} (${s.timezone})`);
    const when = s.next_runs.map((iso) => formatInZone(new Date(iso), s.timezone)).join(', ');
    const rate = s.schedule.startsWith('rate(') ? ', counted from now; a rate runs from when it was deployed' : '';
    lines.push(`${label('next runs')}${when} ${style.dim(`(${s.timezone}${rate})`)}`);
  } else {
    lines.push(`${label('schedule')}${style.yellow('none (local runs only; deploying needs one)')}`);
  }
  const resources = s.resources.map((r) => {
    const notes = [r.parent ? `child of ${r.parent}` : '', r.incremental ? `incremental on ${r.incremental}` : '', r.selected ? '' : 'not written'].filter(Boolean);
    return notes.length ? `${r.name} (${notes.join(', ')})` : r.name;
  });
  lines.push(`${label('resources')}${resources.join(', ')}`);
  lines.push(`${label('secrets')}${s.secrets.length ? s.secrets.map((x) => `${x.parameter} ${style.dim(`(${x.field})`)}`).join(', ') : 'none'}`);
  return lines.join('\n');
}

/** `sluice list`. */
export const listCommand: Command = {
  name: 'list',
  summary: 'List sources: schedules with their next run times, resources and referenced secrets.',
  spec: { usage: USAGE, flags: {
      json: jsonFlag('{"sources": [{"file", "name", "schedule", "timezone", "next_runs", "resources", "secrets"}], "invalid"}'),
      next: { type: 'string', value: 'N', default: '3', description: "How many next run times to show, in the source's time zone (a positive whole number)." },
      sources: SOURCES,
    }, minPositionals: 0, maxPositionals: 0 },
  async run(args, { terminal, sourcesDir: defaultDir }) {
    const sourcesDir = stringFlag(args, 'sources') ?? defaultDir;
    const count = positiveIntFlag(args, 'next', USAGE) ?? 3;
    const now = new Date();
    const listed: ListedSource[] = [];
    const invalid: Array<{ file: string; problems: number }> = [];
    // Like `cdk synth`: the shipped examples are not the user's sources unless asked for by directory.
    const examples = resolve(sourcesDir, 'examples') + sep;
    const scan = scanSourceFiles(sourcesDir);
    const skipped = scan.skipped.filter((s) => !resolve(s.file).startsWith(examples));
    for (const file of scan.files.filter((f) => !resolve(f).startsWith(examples))) {
      try {
        const loaded = loadSourceFile(file);
        listed.push(listedSource(loaded.file, loaded.source, now, count));
      } catch (error) {
        if (!(error instanceof ConfigValidationError)) throw error;
        invalid.push({ file: error.file ?? file, problems: error.issues.length });
      }
    }
    if (boolFlag(args, 'json')) {
      terminal.out(`${JSON.stringify({ sources: listed, invalid, skipped })}\n`);
    } else {
      const { style } = terminal;
      if (listed.length === 0 && invalid.length === 0) {
        terminal.out(`no sources in ${sourcesDir}/: add a *.json or *.ts source (docs/writing-sources.md); the shipped examples: sluice list --sources ${join(sourcesDir, 'examples')}\n`);
      }
      terminal.out(listed.map((s) => formatListed(s, style)).join('\n\n') + (listed.length ? '\n' : ''));
      for (const bad of invalid) {
        terminal.out(`${style.red('✘')} ${bad.file}: invalid (${bad.problems} problem${bad.problems === 1 ? '' : 's'}; run \`sluice validate ${bad.file}\`)\n`);
      }
      for (const s of skipped) terminal.out(`${style.yellow('–')} ${s.file}: skipped, ${s.reason}\n`);
    }
    return invalid.length > 0 ? EXIT.input : EXIT.ok;
  },
};
