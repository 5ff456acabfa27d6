/**
 * Runs a dlt-style source definition through the real `sluice` CLI against the
 * fake API and reads back what it wrote, for the tests that port dlt configs.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CliResult } from './runCli';
import { runCli, singleJson, tempDir, writeJson } from './runCli';

/** A written source and where its runs go. */
export interface DltSource {
  readonly file: string;
  readonly out: string;
  readonly name: string;
}

/** Writes `definition` (its `name` is the source name) into a fresh directory with an output directory. */
export function writeDltSource(definition: Record<string, unknown>): DltSource {
  const dir = tempDir('sluice-dlt-');
  return { file: writeJson(dir, `${String(definition.name)}.json`, definition), out: join(dir, 'out'), name: String(definition.name) };
}

/** Writes a TypeScript source `<name>.ts` (the module text as given) into a fresh directory with an output directory. */
export function writeTsSource(name: string, moduleText: string): DltSource {
  const dir = tempDir('sluice-dlt-ts-');
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, moduleText);
  return { file, out: join(dir, 'out'), name };
}

/** What one `sluice run --json` printed and how it exited. */
export interface DltRun {
  readonly result: CliResult;
  readonly summary: Record<string, unknown>;
}

/** `sluice run <file> --out <out> --json [args]`. */
export async function runDltSource(source: DltSource, args: readonly string[] = []): Promise<DltRun> {
  const result = await runCli(['run', source.file, '--out', source.out, '--json', ...args]);
  return { result, summary: singleJson(result.stdout) };
}

/** Every record written for `resource` so far, over all runs, in file-name order within each run. */
export function writtenRecords(source: DltSource, resource: string): Array<Record<string, unknown>> {
  const root = join(source.out, source.name, resource);
  if (!existsSync(root)) return [];
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.jsonl.gz')) files.push(path);
    }
  };
  walk(root);
  return files.flatMap((f) =>
    gunzipSync(readFileSync(f))
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}
