/**
 * Keeps the generated part of BENCHMARKS.md (the latest table and the
 * machine) in step with `bench/results.json`. Only the text between the two
 * markers is replaced; the prose around it is written by hand.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { MachineInfo } from './machine';
import { markdownTable } from './table';
import type { ScenarioResult } from './types';

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/**
 * Replaces the generated block of `file` (no change when the markers are absent).
 * `only` names the scenarios this run measured when it was an `--only` run; the
 * other rows are then the previous results', and the block says so.
 */
export function updateBenchmarksDoc(
  file: string,
  results: readonly ScenarioResult[],
  machine: MachineInfo,
  generatedAt: string,
  totalSeconds: number,
  only?: readonly string[],
): boolean {
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return false;
  const notes = results.filter((r) => r.why).map((r) => `- **${r.id}**: ${r.why}`);
  const block = [
    START,
    `Latest run: ${generatedAt}, ${totalSeconds} s in all, on ${machine.nproc} × ${machine.cpu_model}, ${machine.memory_gb} GB RAM, Node ${machine.node} (${machine.os}).` +
      (only ? ` It measured ${only.join(', ')} only; the other rows are from earlier runs (\`bench/results.json\` keeps each scenario's latest).` : ''),
    '',
    markdownTable(results),
    '',
    ...(notes.length ? ['Not met or not measured:', '', ...notes, ''] : []),
    END,
  ].join('\n');
  writeFileSync(file, text.slice(0, start) + block + text.slice(end + END.length));
  return true;
}
