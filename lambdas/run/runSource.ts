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
import { ConcurrentRunError } from '../errors/ConcurrentRunError';
import { RunConflictError } from '../errors/RunConflictError';
import { RunFailedError } from '../errors/RunFailedError';
import { redact } from '../secrets/Redactor';
import type { ObjectStore } from '../sink/ObjectStore';
import type { Checkpoint, ResourceProgress } from '../commit/checkpoint';
import { findCheckpoint, readCheckpoint } from '../commit/checkpoint';
import { COMMITTED_BY_ANOTHER_DELIVERY, commitManifest, copyCommittedManifest, readCommittedState } from '../commit/committedState';
import { acquireLease, DUPLICATE, supportsLease } from '../commit/lease';
import type { RunLease } from '../commit/lease';
import { canContinue, handOff, pauseWatcher } from './continuation';
import { commitKey, dataPrefix, manifestKey, runIdOfCheckpointKey, workPrefix } from '../commit/layout';
import type { ResourceModel } from '../model';
import type { Manifest, ResourceManifest } from '../commit/manifest';
import { parseManifest, serializeManifest, writeHintsOf } from '../commit/manifest';
import { createMemoryStore } from '../sink/memoryStore';
import { planResources } from './resourcePlan';
import { createRunContext } from './RunContext';
import type { RunContext } from './RunContext';
import type { RunOptions } from './RunOptions';
import { checkWindow } from './checkWindow';
import { logBudget } from './budgetLog';
import type { RequestBudget } from '../http/RequestBudget';
import { runResource } from './runResource';
import type { ResourceOutcome } from './runResource';
import type { PlannedResource } from './resourcePlan';
import { resourceStages } from './resourceStages';
import { runStage } from './runStage';
import type { StopControl } from './Siblings';
import type { RunSummary } from './RunSummary';
import { newRunId } from '../commit/runId';
import { registerAfterCommit } from '../catalog/registerCatalog';
import { SLUICE_VERSION } from '../version';

export type { RunOptions } from './RunOptions';

/** The log message of a failed run: the Lambda's logs need it; the CLI prints the error in its summary instead. */
export const RUN_FAILED_LOG = 'run failed';
export type { ProgressEvent, RunSummary } from './RunSummary';

function summaryOf(
  runId: string,
  status: RunSummary['status'],
  written: readonly string[],
  done: Record<string, ResourceManifest>,
  budget: RequestBudget | undefined,
): RunSummary {
  const resources: RunSummary['resources'] = {};
  for (const name of written) {
    const r = done[name];
    if (r) {
      resources[name] = {
        records: r.records,
        pages: r.pages,
        files: r.files.length,
        ...(r.truncated ? { truncated: true } : {}),
        ...(r.detected_paginator ? { detected_paginator: r.detected_paginator } : {}),
      };
    }
  }
  if (!budget) return { run_id: runId, status, resources };
  const { in_flight: _inFlight, ...stats } = budget.stats();
  return { run_id: runId, status, resources, budget: stats };
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
      checkpoint = await findCheckpoint(store, options.checkpointKey);
      if (!checkpoint) {
        // Deleted once its run committed or failed: this is a second delivery of a continuation already done.
        const finished = await finishedRun(store, prefix, source.name, options.checkpointKey);
        if (finished) return duplicate(finished, options.logger);
        checkpoint = await readCheckpoint(store, options.checkpointKey); // throws: not found
      }
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

  // Before anything else, and before any API request: a second run stops here instead of extracting for nothing.
  let lease: RunLease | undefined;
  if (!dryRun && !unreadable && supportsLease(store)) {
    const taken = await acquireLease({ store, prefix, source: source.name, runId, invocation: checkpoint?.invocation ?? 0, logger });
    if (taken === DUPLICATE) return duplicate(runId, logger);
    lease = taken;
  }
  let continued = false;
  // Set once the run's HTTP machinery exists: every summary from then on reports it.
  let budget: RequestBudget | undefined;
  let stopBudgetLog: (() => void) | undefined;

  const writeFailed = async (error: unknown): Promise<RunSummary> => {
    const message = redact(error instanceof Error ? error.message : String(error));
    const summary: RunSummary = { ...summaryOf(runId, 'failed', written, done, budget), error: message };
    metrics.outcome(false);
    logger.error(RUN_FAILED_LOG, { error });
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
        ...(r.detected_paginator ? { detected_paginator: r.detected_paginator } : {}),
        ...writeHintsOf(byName.get(name) as ResourceModel, true),
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
    if (checkpoint && committed.manifest?.run_id === runId) {
      // Committed, its checkpoint not yet deleted: another delivery of this continuation finished the run.
      return duplicate(runId, logger);
    }
    previous = committed.manifest;
    // A bound of another type than a cursor would be sent and compared for nothing: refused before any request.
    checkWindow(plan.map((p) => p.resource), window, previous);
    if (checkpoint && committed.seq !== checkpoint.seq - 1) throw new RunConflictError(runId, checkpoint.seq, committed.seq);
    seq = committed.seq + 1;
    if (!dryRun) await copyCommittedManifest(store, committed);
    logger.info(checkpoint ? 'run resumed' : 'run started', {
      seq,
      trigger,
      ...(checkpoint ? { continuation: checkpoint.invocation } : {}),
      ...(window ? { window } : {}),
      ...(dryRun ? { dry_run: true } : {}),
      resources: written,
    });
    // No retry wait may cross the deadline, and once a page has arrived no request starts inside the safety
    // margin: past it, the run continues in a new invocation or fails, never gets killed.
    const deadline = options.remainingTimeMs ? { remainingTimeMs: options.remainingTimeMs, safetyMarginMs: source.run.safetyMarginMs, progress: { pageReceived: false } } : undefined;
    const ctx: RunContext = await createRunContext({ source, secrets: options.secrets, logger, metrics, deadline });
    budget = ctx.budget;
    stopBudgetLog = logBudget(budget, logger);
    const scratch: ObjectStore = dryRun ? createMemoryStore() : store;
    const shouldPause = pauseWatcher({ ...options, safetyMarginMs: source.run.safetyMarginMs, dryRun });
    // A run folder becomes a Glue partition once its seq is committed, and Athena reads every object in it: a part
    // of this delivery must not complete there after another delivery committed the run (and registered it) or took
    // the lease over. Checked as each part's last bytes go, so the window left is one upload's completion.
    const held = lease;
    const beforeSeal = held
      ? async (): Promise<void> => {
          await held.confirm();
          const winner = await committedAs(store, prefix, source.name, seq);
          if (winner !== undefined) throw new ConcurrentRunError(source.name, store.location, { kind: 'commit', winner, seq });
        }
      : undefined;

    // Where each resource in progress stood: `current`, and those paused alongside it (a parallelized stage).
    const resumeOf = new Map([...(checkpoint?.current ? [checkpoint.current] : []), ...(checkpoint?.alongside ?? [])].map((p) => [p.resource, p]));
    const runOne = async ({ resource, written: isWritten, isParent }: PlannedResource, stage: StopControl): Promise<ResourceOutcome> => {
      const name = resource.name;
      const log = logger.child({ resource: name });
      const resourceStart = Date.now();
      const keyPrefix = !isWritten || dryRun
        ? isParent ? `${workPrefix(prefix, source.name, runId)}${name}/` : undefined
        : dataPrefix(prefix, source.name, resource.tableName, startedAt, runId);
      const outcome = await runResource({
        ctx,
        resource,
        store: scratch,
        keyPrefix,
        partMaxRecords: source.run.partMaxRecords,
        partMaxBytes: source.run.partMaxBytes,
        beforeSeal: isWritten && !dryRun ? beforeSeal : undefined,
        inferSchema: isWritten && !dryRun,
        parentFiles: resource.parent ? done[resource.parent.resource]?.files : undefined,
        previous: previous?.resources[name]?.state,
        window,
        maxPages: maxPages ?? resource.maxPages,
        resume: resumeOf.get(name),
        shouldPause: stage.shouldPause,
        chainsInFlight: source.client.concurrency,
        canPause: canContinue({ ...options, dryRun }),
        logger: log,
        metrics,
        onProgress: options.onProgress,
        signal: stage.signal,
      });
      if (outcome.kind === 'paused') return outcome;
      done[name] = outcome.manifest;
      const m = outcome.manifest;
      metrics.add('files', m.files.length, name);
      metrics.duration(Date.now() - resourceStart, name);
      log.info('resource done', { records: m.records, pages: m.pages, files: m.files.length, redacted_values: m.redacted_values ?? 0, duration_ms: Date.now() - resourceStart, ...(isWritten ? {} : { written: false }) });
      return outcome;
    };

    const stages = resourceStages(plan);
    for (let i = 0; i < stages.length; i++) {
      const stage = stages[i].filter((p) => !done[p.resource.name]);
      if (stage.length === 0) continue;
      const paused = await runStage(stage, shouldPause, options.signal, runOne);
      if (paused.length > 0) return await continueLater(paused);
      if (i < stages.length - 1 && shouldPause()) return await continueLater([]);
    }

    const summary = summaryOf(runId, 'succeeded', written, done, budget);
    metrics.duration(Date.now() - invocationStart);
    if (dryRun) {
      metrics.outcome(true);
      logger.info('dry run done: nothing written', { resources: summary.resources });
      // A dry run keeps a parent's records in memory only: it wrote no file.
      for (const r of Object.values(summary.resources)) r.files = 0;
      return { ...summary, dry_run: true };
    }
    const resources: Record<string, ResourceManifest> = {};
    for (const name of written) resources[name] = { ...done[name], ...writeHintsOf(byName.get(name) as ResourceModel, true) };
    // Resources outside this run keep their state: the next run starts from the latest manifest only.
    for (const [name, r] of Object.entries(previous?.resources ?? {})) {
      if (!resources[name] && r.state) resources[name] = { records: 0, pages: 0, files: [], state: r.state, ...carriedHints(name, r), redacted_values: 0 };
    }
    // Only while this invocation holds the lease: a delivery that outlived it must not commit behind the one that took it.
    await lease?.confirm();
    const key = await commitManifest(store, prefix, buildManifest('succeeded', resources), { logger });
    // Two deliveries of this continuation ran (one outlived its lease): the other one committed the run.
    if (key === COMMITTED_BY_ANOTHER_DELIVERY) return duplicate(runId, logger);
    summary.manifest_key = key;
    metrics.outcome(true);
    logger.info('run committed', { manifest_key: key, seq, duration_ms: Date.now() - invocationStart });
    await cleanUp(store, plan.filter((p) => !p.written).flatMap((p) => done[p.resource.name]?.files ?? []).map((f) => f.key), options.checkpointKey, logger);
    // After the commit, and never undoing it: a registration that fails is reported in the summary, and the next run repairs it.
    if (options.catalog) {
      summary.catalog = await registerAfterCommit({ store, prefix, source, target: options.catalog, logger });
      metrics.catalog(summary.catalog.ok);
    }
    return summary;
  } catch (error) {
    // Another delivery of this continuation committed the run meanwhile: a failed manifest would replace its copy.
    if (checkpoint && !dryRun && (await committedAs(store, prefix, source.name, seq)) === runId) {
      logger.warn('this delivery failed, but another delivery of the continuation committed the run', { error });
      return duplicate(runId, logger);
    }
    // Another delivery of this continuation took the lease over: the run goes on there, this one only stops.
    if (lease?.lostTo?.run_id === runId) {
      logger.warn('this delivery lost the run lease to another delivery of the continuation, which carries the run on', { error });
      return duplicate(runId, logger);
    }
    const summary = await writeFailed(error);
    // The code says what happened: another run committed this seq (the failed manifest records this run's attempt).
    if (error instanceof ConcurrentRunError) throw error;
    throw new RunFailedError(summary, { cause: error });
  } finally {
    stopBudgetLog?.();
    if (!continued) await lease?.release();
  }

  async function continueLater(inProgress: readonly ResourceProgress[]): Promise<RunSummary> {
    const [current, ...alongside] = inProgress;
    // The next invocation of this run takes the lease over; no other run may start in between.
    continued = true;
    await lease?.handOn();
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
      ...(alongside.length > 0 ? { alongside } : {}),
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
    return { ...summaryOf(runId, 'continued', written, done, budget), checkpoint_key: key };
  }
}

/** The summary of a second delivery of a continuation: nothing done, not an error (Lambda's asynchronous delivery is at least once). */
function duplicate(runId: string, logger: Logger | undefined): RunSummary {
  (logger ?? silentLogger).info('a continuation delivered twice: another invocation resumed this run, this one does nothing', { run_id: runId });
  return { run_id: runId, status: 'duplicate', resources: {} };
}

/** The run of a checkpoint key when that run left a manifest (it committed or failed); undefined otherwise. */
async function finishedRun(store: ObjectStore, prefix: string, source: string, checkpointKey: string): Promise<string | undefined> {
  const runId = runIdOfCheckpointKey(checkpointKey);
  if (!runId) return undefined;
  if (await store.get(manifestKey(prefix, source, runId))) return runId;
  return (await readCommittedState(store, prefix, source)).manifest?.run_id === runId ? runId : undefined;
}

/** The run id of the commit of `seq`, or undefined when there is none or it cannot be read. */
async function committedAs(store: ObjectStore, prefix: string, source: string, seq: number): Promise<string | undefined> {
  const key = commitKey(prefix, source, seq);
  const bytes = await store.get(key).catch(() => undefined);
  if (!bytes) return undefined;
  try {
    return parseManifest(bytes, key).run_id;
  } catch {
    return undefined;
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
