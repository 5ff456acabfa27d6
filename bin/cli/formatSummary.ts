/**
 * A run summary as text: the outcome line, a table of resources and where the
 * manifest went.
 */
import type { RunSummary } from '../../lambdas/run/RunSummary';
import type { Style } from './style';
import { formatCount, formatTable } from './table';

/** Where a run wrote: a directory (`--out`) or a bucket (`--bucket`). */
export type Destination = { readonly out: string } | { readonly bucket: string };

/** Formats `summary` for stdout. */
export function formatSummary(summary: RunSummary, destination: Destination, style: Style): string {
  const status =
    summary.status === 'succeeded' ? style.green('succeeded') : summary.status === 'failed' ? style.red('failed') : style.yellow(summary.status);
  const lines = [`run ${style.bold(summary.run_id)} ${status}${summary.dry_run ? ' (dry run: nothing written)' : ''}`];
  const rows = Object.entries(summary.resources).map(([name, r]) => [
    name,
    formatCount(r.records),
    formatCount(r.pages),
    formatCount(r.files),
    r.truncated ? style.yellow('truncated by max_pages') : '',
  ]);
  if (rows.length > 0) {
    lines.push(
      formatTable(
        [{ header: 'RESOURCE' }, { header: 'RECORDS', align: 'right' }, { header: 'PAGES', align: 'right' }, { header: 'FILES', align: 'right' }, { header: 'NOTE' }],
        rows,
      ).trimEnd(),
    );
  }
  if (summary.manifest_key) {
    const where = 'out' in destination ? `${destination.out.replace(/\/$/, '')}/${summary.manifest_key}` : `s3://${destination.bucket}/${summary.manifest_key}`;
    lines.push(`manifest: ${where}`);
  }
  if (summary.error) lines.push(`${style.red('error')}: ${summary.error}`);
  return `${lines.join('\n')}\n`;
}
