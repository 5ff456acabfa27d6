/** The console table of a bench run. */
import type { ScenarioResult } from './types';

function cell(result: ScenarioResult, side: 'sluice' | 'baseline'): string {
  const s = result[side];
  return s ? `${s.median} ${result.unit}` : '—';
}

function verdict(met: boolean | null): string {
  if (met === null) return 'n/a';
  return met ? 'yes' : 'NO';
}

/** Rows of the results table: scenario, sluice, baseline, ratio, target, met. */
export function tableRows(results: readonly ScenarioResult[]): string[][] {
  return results.map((r) => [r.id, cell(r, 'sluice'), cell(r, 'baseline'), r.ratio === null ? '—' : String(r.ratio), r.target, verdict(r.met)]);
}

/** The header of {@link tableRows}. */
export const TABLE_HEADER = ['scenario', 'sluice', 'baseline', 'ratio', 'target', 'met'];

/** A fixed-width text table. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const rows = [TABLE_HEADER, ...tableRows(results)];
  const widths = TABLE_HEADER.map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((v, c) => v.padEnd(widths[c])).join('  ');
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  for (const r of results) if (r.why) out.push(`  ${r.id}: ${r.why}`);
  return out.join('\n');
}

/** The same table in Markdown (for BENCHMARKS.md). */
export function markdownTable(results: readonly ScenarioResult[]): string {
  const rows = tableRows(results);
  return [`| ${TABLE_HEADER.join(' | ')} |`, `|${TABLE_HEADER.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}
