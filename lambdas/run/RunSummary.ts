/**
 * What a run returns (and the handler outputs): the handler contract's summary.
 */
import type { BudgetStats } from '../http/RequestBudget';

/** The request budget of one invocation in a {@link RunSummary}: {@link BudgetStats} at its end. */
export type BudgetSummary = Omit<BudgetStats, 'in_flight'>;
import type { CatalogReport } from '../catalog/registerCatalog';

/** One resource's counts in a {@link RunSummary}. */
export interface ResourceSummary {
  records: number;
  pages: number;
  /** Number of data files written. */
  files: number;
  /** True when `max_pages` ended a request chain early. */
  truncated?: boolean;
  /** The paginator `auto` detected, when the resource's paginator is `auto`. */
  detected_paginator?: string;
}

/** The outcome of one invocation of a run. */
export interface RunSummary {
  run_id: string;
  /**
   * `continued`: this invocation handed the run to the next one (see `checkpoint_key`).
   * `duplicate`: a second delivery of a continuation that another invocation resumed (or finished); it did nothing.
   */
  status: 'succeeded' | 'failed' | 'continued' | 'duplicate';
  /** The manifest written (absent for a dry run and a continued invocation). */
  manifest_key?: string;
  /** The checkpoint the next invocation resumes from (status `continued`). */
  checkpoint_key?: string;
  /** Selected resources only; unselected parents are fetched but not listed. */
  resources: Record<string, ResourceSummary>;
  /** Set when failed: the error message, secrets redacted. */
  error?: string;
  /** True for a dry run: fetched and counted, nothing written. */
  dry_run?: boolean;
  /**
   * What this invocation's requests did with `client.concurrency` and `client.rate_limit`
   * (absent when it sent none: a duplicate delivery, a run that failed before its first request).
   */
  budget?: BudgetSummary;
  /** A committed run registered in the Glue catalog (when one is configured): `ok: false` says the registration failed, not the run. */
  catalog?: CatalogReport;
}

/** Progress of one resource, reported after every page and once when it is done. */
export interface ProgressEvent {
  resource: string;
  pages: number;
  records: number;
  retries: number;
  done: boolean;
}
