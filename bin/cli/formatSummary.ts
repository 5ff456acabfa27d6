/**
 * A run summary as text: the outcome line, a table of resources and where the
 * manifest went.
 */
import type { RunSummary } from '../../lambdas/run/RunSummary';
import type { Style } from './style';
import { formatCount, formatTable } from './table';

/** Where a run wrote: a directory (`--out`) or a bucket (`--bucket`). */
export type Destination = { readonly out: string } | { readonly bucket: string };

/** The NOTE column: what a person should know about how a resource was read. */
function noteOf(r: RunSummary['resources'][string], style: Style): string {
  const notes: string[] = [];
  if (r.truncated) notes.push(style.yellow('truncated by max_pages'));
  // `auto` finding no pagination is right for a one-page list and wrong for a paged API the detector missed: say it.
  if (r.detected_paginator === 'single_page') notes.push(style.yellow('auto found no pagination: read as single_page'));
  return notes.join('; ');
}

/**
 * The request budget, only when the API throttled the run: that is what makes
 * a run slow without failing it, and the JSON summary has the rest.
 */
function budgetLine(budget: RunSummary['budget'], style: Style): string | undefined {
  if (!budget || (budget.throttled_429 === 0 && budget.paused_ms === 0)) return undefined;
  const lowered = budget.lowest_concurrency_limit < budget.concurrency ? `, in-flight limit down to ${budget.lowest_concurrency_limit} of ${budget.concurrency}` : '';
  const paused = budget.paused_ms < 1000 ? `${budget.paused_ms} ms` : `${(budget.paused_ms / 1000).toFixed(1)} s`;
  return `${style.yellow('throttled')}: ${budget.throttled_429} × 429, paused ${paused}${lowered}; ${budget.requests} requests at ${budget.effective_rps}/s`;
}

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
    noteOf(r, style),
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
  const throttled = budgetLine(summary.budget, style);
  if (throttled) lines.push(throttled);
  if (summary.error) lines.push(`${style.red('error')}: ${summary.error}`);
  return `${lines.join('\n')}\n`;
}
