/**
 * One run of a source: resources in order (parents first), records streamed to
 * part files, and the commit: the manifest, written after every data file,
 * carries the moved incremental state, so state never gets ahead of committed
 * data. A run that needs more time than one invocation checkpoints and
 * continues; only the final invocation commits.
 */
import { silentLogger } from '../observability/Logger';
import type { Logger } from '../observability/Logger';
import { RunMetrics } from '../observability/metrics';
import { RunConflictError } from '../errors/RunConflictError';
import { RunFailedError } from '../errors/RunFailedError';
import { redact } from '../secrets/Redactor';
import type { ObjectStore } from '../sink/ObjectStore';
import type { Checkpoint, ResourceProgress } from '../commit/checkpoint';
import { readCheckpoint } from '../commit/checkpoint';
import { commitManifest, readCommittedState } from '../commit/committedState';
import { canContinue, handOff, pauseWatcher } from './continuation';
import { dataPrefix, manifestKey, workPrefix } from '../commit/layout';
import type { NormalizedResource } from '../config/NormalizedSource';
import type { Manifest, ResourceManifest } from '../commit/manifest';
import { serializeManifest, writeHintsOf } from '../commit/manifest';
import { createMemoryStore } from '../sink/memoryStore';
import { planResources } from './resourcePlan';
import { createRunContext } from './RunContext';
import type { RunContext } from './RunContext';
import type { RunOptions } from './RunOptions';
import { checkWindow } from './checkWindow';
import { runResource } from './runResource';
import type { RunSummary } from './RunSummary';
import { newRunId, RUN_ID_PATTERN } from '../commit/runId';
import { SLUICE_VERSION } from '../version';

export type { RunOptions } from './RunOptions';
export type { ProgressEvent, RunSummary } from './RunSummary';

/** The run id a checkpoint key names (`…/_checkpoints/<run_id>.json`), if it names one. */
function runIdOfCheckpointKey(key: string): string | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1).replace(/\.json$/, '');
  return RUN_ID_PATTERN.test(name) ? name : undefined;
}

function summaryOf(runId: string, status: RunSummary['status'], written: readonly string[], done: Record<string, ResourceManifest>): RunSummary {
  const resources: RunSummary['resources'] = {};
  for (const name of written) {
    const r = done[name];
    if (r) resources[name] = { records: r.records, pages: r.pages, files: r.files.length, ...(r.truncated ? { truncated: true } : {}) };
  }
  return { run_id: runId, status, resources };
}

/**
 * Runs (or, with `checkpointKey`, resumes) a source.
 * @returns the summary: `succeeded`, or `continued` when handed to another invocation
 * @throws RunFailedError (carrying `.summary`) after writing the failed manifest
 * @throws ResourceSelectionError before anything is written when `resources` names an unknown resource
 */
export async function runSource(options: RunOptions): Promise<RunSummary> {
  const { source, store } = options;
  const prefix = options.prefix ?? '';
  const now = options.now ?? (() => new Date());
  const metrics = options.metrics ?? new RunMetrics(source.name);
  const dryRun = options.dryRun ?? false;
  const invocationStart = Date.now();

  let checkpoint: Checkpoint | undefined;
  let unreadable: { error: unknown } | undefined;
  if (options.checkpointKey) {
    try {
      checkpoint = await readCheckpoint(store, options.checkpointKey);
    } catch (error) {
      // Failed below, under the run id the key names, once the failed manifest can be built.
      unreadable = { error };
    }
  }
  const selection = checkpoint ? checkpoint.options.resources : options.resources;
  const plan = planResources(source, selection);
  const written = plan.filter((p) => p.written).map((p) => p.resource.name);
  const byName = new Map(source.resources.map((r) => [r.name, r]));
  // A resource outside the run is listed with its state only: `written: false`, its hints as the source declares them now.
  const carriedHints = (name: string, entry: ResourceManifest): Partial<ResourceManifest> => {
    const resource = byName.get(name);
    if (resource) return writeHintsOf(resource, false);
    const { write_disposition, table_name, primary_key, merge_key } = entry;
    return { ...(write_disposition ? { write_disposition } : {}), ...(table_name ? { table_name } : {}), ...(primary_key ? { primary_key } : {}), ...(merge_key ? { merge_key } : {}), written: false };
  };
  const maxPages = checkpoint ? checkpoint.options.max_pages : options.maxPages;
  const window = checkpoint ? checkpoint.window : options.from !== undefined || options.to !== undefined ? { from: options.from, to: options.to } : undefined;
  const trigger = checkpoint?.trigger ?? options.trigger;
  const startedAt = checkpoint ? new Date(checkpoint.started_at) : now();
  const runId = checkpoint?.run_id ?? (options.checkpointKey ? runIdOfCheckpointKey(options.checkpointKey) : undefined) ?? newRunId(startedAt);
  const logger = (options.logger ?? silentLogger).child({ run_id: runId, source: source.name });
  const done: Record<string, ResourceManifest> = { ...(checkpoint?.done ?? {}) };
  let seq = checkpoint?.seq ?? 0;
  let previous: Manifest | undefined;

  const writeFailed = async (error: unknown): Promise<RunSummary> => {
    const message = redact(error instanceof Error ? error.message : String(error));
    const summary: RunSummary = { ...summaryOf(runId, 'failed', written, done), error: message };
    metrics.outcome(false);
    logger.error('run failed', { error });
    if (dryRun) return { ...summary, dry_run: true };
    const resources: Record<string, ResourceManifest> = {};
    for (const name of written) {
      const r = done[name];
      if (!r) continue;
      const state = previous?.resources[name]?.state;
      resources[name] = {
        records: r.records,
        pages: r.pages,
        files: r.files,
        ...(state ? { state } : {}),
        ...(r.truncated ? { truncated: true } : {}),
        ...writeHintsOf(byName.get(name) as NormalizedResource, true),
        redacted_values: r.redacted_values ?? 0,
      };
    }
    const manifest = buildManifest('failed', resources, message);
    const key = manifestKey(prefix, source.name, runId);
    try {
      // Straight to the manifest key: a failed run never touches the state pointer.
      await store.putBytes(key, serializeManifest(manifest), 'application/json');
      summary.manifest_key = key;
    } catch (writeError) {
      logger.error('could not write the failed manifest', { manifest_key: key, error: writeError });
    }
    return summary;
  };

  const buildManifest = (status: Manifest['status'], resources: Record<string, ResourceManifest>, error?: string): Manifest => ({
    run_id: runId,
    source: source.name,
    status,
    trigger,
    seq,
    format: 'jsonl.gz',
    sluice_version: SLUICE_VERSION,
    started_at: startedAt.toISOString(),
    finished_at: now().toISOString(),
    ...(window ? { window } : {}),
    resources,
    ...(error !== undefined ? { error } : {}),
  });

  if (unreadable) {
    // A continuation delivered again after its run ended finds the checkpoint gone: the run's manifest stays as it is.
    const ended = await store.get(manifestKey(prefix, source.name, runId)).catch(() => undefined);
    if (ended || runIdOfCheckpointKey(options.checkpointKey ?? '') === undefined) throw unreadable.error;
    const summary = await writeFailed(unreadable.error);
    throw new RunFailedError(summary, { cause: unreadable.error });
  }

  try {
    const committed = await readCommittedState(store, prefix, source.name);
    previous = committed.manifest;
    // A bound of another type than a cursor would be sent and compared for nothing: refused before any request.
    checkWindow(plan.map((p) => p.resource), window, previous);
    if (checkpoint && committed.seq !== checkpoint.seq - 1) throw new RunConflictError(runId, checkpoint.seq, committed.seq);
    seq = committed.seq + 1;
    logger.info(checkpoint ? 'run resumed' : 'run started', {
      seq,
      trigger,
      ...(checkpoint ? { continuation: checkpoint.invocation } : {}),
      ...(window ? { window } : {}),
      ...(dryRun ? { dry_run: true } : {}),
      resources: written,
    });
    const parallelized = source.resources.filter((r) => r.parallelized).map((r) => r.name);
    if (parallelized.length > 0) logger.info('parallelized: true is accepted; these resources run their chains one after another for now', { resources: parallelized });
    // No retry wait may cross the deadline: past it, the run continues in a new invocation or fails, never gets killed.
    const deadline = options.remainingTimeMs ? { remainingTimeMs: options.remainingTimeMs, safetyMarginMs: source.run.safetyMarginMs } : undefined;
    const ctx: RunContext = await createRunContext({ source, secrets: options.secrets, logger, metrics, deadline });
    const scratch: ObjectStore = dryRun ? createMemoryStore() : store;
    const shouldPause = pauseWatcher({ ...options, safetyMarginMs: source.run.safetyMarginMs, dryRun });

    for (let i = 0; i < plan.length; i++) {
      const { resource, written: isWritten, isParent } = plan[i];
      const name = resource.name;
      if (done[name]) continue;
      const log = logger.child({ resource: name });
      const resourceStart = Date.now();
      const keyPrefix = !isWritten || dryRun
        ? isParent ? `${workPrefix(prefix, source.name, runId)}${name}/` : undefined
        : dataPrefix(prefix, source.name, resource.tableName, startedAt, runId);
      const resume = checkpoint?.current?.resource === name ? checkpoint.current : undefined;
      const outcome = await runResource({
        ctx,
        resource,
        store: scratch,
        keyPrefix,
        partMaxRecords: source.run.partMaxRecords,
        partMaxBytes: source.run.partMaxBytes,
        parentFiles: resource.parent ? done[resource.parent.resource]?.files : undefined,
        previous: previous?.resources[name]?.state,
        window,
        maxPages: maxPages ?? resource.maxPages,
        resume,
        shouldPause,
        canPause: canContinue({ ...options, dryRun }),
        logger: log,
        metrics,
        onProgress: options.onProgress,
        signal: options.signal,
      });
      if (outcome.kind === 'paused') return await continueLater(outcome.progress);
      done[name] = outcome.manifest;
      const m = outcome.manifest;
      metrics.add('files', m.files.length, name);
      metrics.duration(Date.now() - resourceStart, name);
      log.info('resource done', { records: m.records, pages: m.pages, files: m.files.length, redacted_values: m.redacted_values ?? 0, duration_ms: Date.now() - resourceStart, ...(isWritten ? {} : { written: false }) });
      if (i < plan.length - 1 && shouldPause()) return await continueLater(undefined);
    }

    const summary = summaryOf(runId, 'succeeded', written, done);
    metrics.duration(Date.now() - invocationStart);
    if (dryRun) {
      metrics.outcome(true);
      logger.info('dry run done: nothing written', { resources: summary.resources });
      // A dry run keeps a parent's records in memory only: it wrote no file.
      for (const r of Object.values(summary.resources)) r.files = 0;
      return { ...summary, dry_run: true };
    }
    const resources: Record<string, ResourceManifest> = {};
    for (const name of written) resources[name] = { ...done[name], ...writeHintsOf(byName.get(name) as NormalizedResource, true) };
    // Resources outside this run keep their state: the next run starts from the latest manifest only.
    for (const [name, r] of Object.entries(previous?.resources ?? {})) {
      if (!resources[name] && r.state) resources[name] = { records: 0, pages: 0, files: [], state: r.state, ...carriedHints(name, r), redacted_values: 0 };
    }
    const key = await commit(store, prefix, buildManifest('succeeded', resources), logger);
    summary.manifest_key = key;
    metrics.outcome(true);
    logger.info('run committed', { manifest_key: key, seq, duration_ms: Date.now() - invocationStart });
    await cleanUp(store, plan.filter((p) => !p.written).flatMap((p) => done[p.resource.name]?.files ?? []).map((f) => f.key), options.checkpointKey, logger);
    return summary;
  } catch (error) {
    const summary = await writeFailed(error);
    throw new RunFailedError(summary, { cause: error });
  }

  async function continueLater(current: ResourceProgress | undefined): Promise<RunSummary> {
    const next: Checkpoint = {
      run_id: runId,
      source: source.name,
      seq,
      trigger,
      started_at: startedAt.toISOString(),
      invocation: (checkpoint?.invocation ?? 0) + 1,
      ...(window ? { window } : {}),
      options: { ...(selection ? { resources: [...selection] } : {}), ...(maxPages !== undefined ? { max_pages: maxPages } : {}) },
      done,
      ...(current ? { current } : {}),
    };
    const key = await handOff({
      store,
      prefix,
      checkpoint: next,
      maxContinuations: source.run.maxContinuations,
      continueRun: options.continueRun as (key: string) => Promise<void>,
      logger,
    });
    metrics.duration(Date.now() - invocationStart);
    return { ...summaryOf(runId, 'continued', written, done), checkpoint_key: key };
  }
}

/**
 * Writes the manifest (the commit) and the state pointer. The pointer is only a
 * hint: when writing it fails after the manifest landed, the run is committed
 * all the same, so that failure is logged, not raised (a failed manifest must
 * never replace a succeeded one).
 */
async function commit(store: ObjectStore, prefix: string, manifest: Manifest, logger: Logger): Promise<string> {
  try {
    return await commitManifest(store, prefix, manifest);
  } catch (error) {
    const key = manifestKey(prefix, manifest.source, manifest.run_id);
    const landed = await store.get(key).catch(() => undefined);
    if (landed && (JSON.parse(landed.toString('utf8')) as { status?: string }).status === 'succeeded') {
      logger.warn('the run is committed, but the state pointer could not be written (it is only a hint)', { error });
      return key;
    }
    throw error;
  }
}

/** Removes a committed run's scratch files and checkpoint; a leftover is harmless, so failures are only logged. */
async function cleanUp(store: ObjectStore, keys: readonly string[], checkpointKey: string | undefined, logger: Logger): Promise<void> {
  for (const key of [...keys, ...(checkpointKey ? [checkpointKey] : [])]) {
    try {
      await store.delete(key);
    } catch (error) {
      logger.warn('could not delete a scratch object', { key, error });
    }
  }
}
