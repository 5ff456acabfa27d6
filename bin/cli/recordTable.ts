/**
 * Records as text for `sluice show` and `sluice query`: an aligned table with
 * long cells clipped, or CSV (RFC 4180). Nested values are shown as JSON.
 */
import { formatTable } from './table';

/** Longest cell of a table, in characters; longer values end in `…`. */
const MAX_CELL = 40;

/** The top-level keys of `rows`, in order of first appearance. */
export function columnsOf(rows: ReadonlyArray<Record<string, unknown>>): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function text(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `rows` under `columns` as an aligned table; a missing field is an empty cell. */
export function formatCells(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const clip = (s: string): string => {
    const flat = s.replace(/\s+/g, ' ');
    return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
  };
  return formatTable(
    columns.map((header) => ({ header, align: rows.length > 0 && rows.every((r) => typeof r[header] === 'number' || r[header] == null) ? 'right' : 'left' })),
    rows.map((row) => columns.map((c) => clip(text(row[c])))),
  );
}

/** `rows` as CSV: a header line, then one line per row; a null is an empty field. */
export function formatCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const field = (value: unknown): string => {
    const s = value === null || value === undefined ? '' : text(value);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.map(field).join(','), ...rows.map((row) => columns.map((c) => field(row[c])).join(','))].map((l) => `${l}\n`).join('');
}
