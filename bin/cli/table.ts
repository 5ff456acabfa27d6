/**
 * Plain-text tables for stdout: a header row, aligned columns, numbers right
 * aligned. Cells may carry colors; widths count only visible characters.
 */
import { visibleLength } from './style';

/** One column of a {@link formatTable}. */
export interface Column {
  readonly header: string;
  /** @default 'left' */
  readonly align?: 'left' | 'right';
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Renders rows under headers, two spaces between columns, one line per row. */
export function formatTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = columns.map((c, i) => Math.max(visibleLength(c.header), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    columns
      .map((c, i) => pad(cells[i] ?? '', widths[i], c.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n') + '\n';
}

/** Formats an integer with thousands separators: `12,345`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
