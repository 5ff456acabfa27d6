/**
 * The options of {@link runSource}: what to run, where to write, and the hooks
 * the Lambda handler and the CLI plug in.
 */
import type { SourceModel } from '../model';
import type { Logger } from '../observability/Logger';
import type { RunMetrics } from '../observability/metrics';
import type { SecretStore } from '../secrets/SecretStore';
import type { ObjectStore } from '../sink/ObjectStore';
import type { Trigger } from '../commit/trigger';
import type { CatalogTarget } from '../catalog/registerCatalog';
import type { ProgressEvent } from './RunSummary';

/** Options of {@link runSource}. */
export interface RunOptions {
  readonly source: SourceModel;
  /** Where data files, manifests and checkpoints go. */
  readonly store: ObjectStore;
  /** Key prefix inside the store. @default '' (keys start at `<source>/`) */
  readonly prefix?: string;
  /** Where the source's secret references are resolved. */
  readonly secrets: SecretStore;
  readonly trigger: Trigger;
  /** Run only these resources (and, unwritten, the parents they need). @default every selected resource */
  readonly resources?: readonly string[];
  /** Pages per request chain at most; overrides the source's `max_pages`. */
  readonly maxPages?: number;
  /** Backfill window start: the run reads its own window and never moves the stored state. */
  readonly from?: string | number;
  /** Backfill window end (exclusive). */
  readonly to?: string | number;
  /** Fetch and count, write nothing. @default false */
  readonly dryRun?: boolean;
  /** @default silentLogger */
  readonly logger?: Logger;
  /** Counters for metrics; the caller flushes them. @default a private counter */
  readonly metrics?: RunMetrics;
  /** Called after every page and when a resource is done. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Milliseconds left in this invocation (Lambda's `getRemainingTimeInMillis`); absent: never continue. */
  readonly remainingTimeMs?: () => number;
  /** Starts the next invocation with a checkpoint key (async self-invoke); needed with `remainingTimeMs`. */
  readonly continueRun?: (checkpointKey: string) => Promise<void>;
  /** Resume the run saved in this checkpoint (a continuation). */
  readonly checkpointKey?: string;
  /** Clock. @default () => new Date() */
  readonly now?: () => Date;
  /** Aborts requests in flight when signalled. */
  readonly signal?: AbortSignal;
  /**
   * Register committed runs in this Glue database after the commit (the deployed
   * function: SLUICE_GLUE_DATABASE; the CLI: only with --glue-database).
   * @default none: no catalog
   */
  readonly catalog?: CatalogTarget;
}
