/**
 * Runs one resource: its single request chain, or one chain per parent record
 * for a child. Records are filtered by the incremental cursor, deduplicated at
 * the committed boundary, given their `include_from_parent` fields, scrubbed of
 * secret values and streamed to a {@link ResourceWriter}. Between pages it asks
 * whether to pause (a continuation); a paused resource returns the position a
 * later invocation resumes from.
 */
import { setImmediate } from 'node:timers/promises';
import type { ResourceModel, ProcessingStep } from '../model';
import { ARRIVED_ONLY, fetchPages } from '../extract/fetchPages';
import { detectedPaginatorType } from '../paginators/AutoPaginator';
import type { Page } from '../extract/fetchPages';
import type { Logger } from '../observability/Logger';
import type { RunMetrics } from '../observability/metrics';
import type { PaginatorState } from '../paginators/Paginator';
import { containsSecret, redactDeepCounting } from '../secrets/Redactor';
import type { ObjectStore } from '../sink/ObjectStore';
import { ResourceWriter } from '../sink/ResourceWriter';
import { SchemaInferrer } from '../catalog/SchemaInferrer';
import { RequestPastDeadlineError } from '../errors/RequestPastDeadlineError';
import { RetryPastDeadlineError } from '../errors/RetryPastDeadlineError';
import { UnserializableRecordError } from '../errors/UnserializableRecordError';
import type { FileEntry } from '../sink/ResourceWriter';
import type { BackfillWindow } from './ChainCursor';
import { ChainCursor } from './ChainCursor';
import { dropsBoundaryRecords } from './boundaryDedupe';
import { MAX_AHEAD_KEYS } from './aheadKeys';
import { AheadKeysLimitError } from '../errors/AheadKeysLimitError';
import type { ResourcePosition, ResourceProgress } from '../commit/checkpoint';
import type { IncrementalState, ResourceManifest, ResourceState } from '../commit/manifest';
import { isStateless } from '../incremental/IncrementalCursor';
import type { StopControl } from './Siblings';
import { parentsPositionOf, runChildChains } from './childChains';
import { mergeKeyOf } from '../commit/readCommittedView';
import { includedFields, parentKey } from './parentFields';
import type { ChainVars, RunContext } from './RunContext';
import type { ProgressEvent } from './RunSummary';

/** Everything {@link runResource} needs. */
export interface ResourceRun {
  readonly ctx: RunContext;
  readonly resource: ResourceModel;
  /** Where the files go and the parent's files are read from. */
  readonly store: ObjectStore;
  /** Key prefix of the part files; undefined: count only (a dry run of a resource no child reads). */
  readonly keyPrefix: string | undefined;
  readonly partMaxRecords: number;
  readonly partMaxBytes: number;
  /** Run before each part becomes visible; a rejection fails the part and the resource (see `ResourceWriterOptions.beforeSeal`). */
  readonly beforeSeal?: (key: string) => Promise<void>;
  /** Infer the schema of the records written (a written resource of a real run; not a parent's scratch or a dry run). @default false */
  readonly inferSchema?: boolean;
  /** A child: its parent's files of this run. */
  readonly parentFiles?: readonly FileEntry[];
  /** The committed state of this resource. */
  readonly previous?: ResourceState;
  readonly window?: BackfillWindow;
  readonly maxPages?: number;
  readonly resume?: ResourceProgress;
  /** True when this invocation should stop after the page in flight. */
  readonly shouldPause: () => boolean;
  /** A `parallelized` child: its chains in flight at most (`client.concurrency`); others run one chain at a time. */
  readonly chainsInFlight: number;
  /** True when the run can continue in a new invocation: a retry wait past the deadline then pauses instead of failing. */
  readonly canPause: boolean;
  readonly logger: Logger;
  readonly metrics: RunMetrics;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly signal?: AbortSignal;
}

/** A resource finished, or paused for the next invocation. */
export type ResourceOutcome = { kind: 'done'; manifest: ResourceManifest } | { kind: 'paused'; progress: ResourceProgress };

interface ChainResult {
  /** True when the chain stopped for the next invocation. */
  paused: boolean;
  /** True when `max_pages` cut the chain short. */
  truncated?: boolean;
  /** Where it resumes: after the last page written; absent: the chain starts afresh. */
  at?: PaginatorState;
}

/**
 * One record as a JSON line, credentials in its string values replaced, and how
 * many values changed. Serialized once and scanned (the Redactor knows each
 * credential's JSON-escaped forms too); only a line that holds one pays for the
 * structural pass, which leaves identifiers, numbers and keys as they are.
 */
function serialize(record: unknown, resource: string, where: string): { line: string; redacted: number } {
  try {
    const line = JSON.stringify(record) ?? 'null';
    if (!containsSecret(line)) return { line, redacted: 0 };
    const { value, redacted } = redactDeepCounting(record);
    return { line: redacted === 0 ? line : (JSON.stringify(value) ?? 'null'), redacted };
  } catch (error) {
    // A stack overflow (thousands of nesting levels) or a string past V8's limit.
    if (error instanceof RangeError) throw new UnserializableRecordError(resource, where, { cause: error });
    throw error;
  }
}

/** dlt's processing steps on one record, in order: what is left to write (none, one, or several after a yield_map). */
function applySteps(steps: readonly ProcessingStep[], record: unknown): unknown[] {
  let records = [record];
  for (const step of steps) {
    if ('filter' in step) records = records.filter((r) => Boolean(step.filter(r as never)));
    else if ('map' in step) records = records.map((r) => step.map(r as never));
    else records = records.flatMap((r) => [...step.yield_map(r as never)]);
  }
  return records;
}

/** Runs (or resumes) one resource. On error the open part is aborted and the error rethrown. */
export async function runResource(run: ResourceRun): Promise<ResourceOutcome> {
  const { resource, logger, metrics } = run;
  const name = resource.name;
  const progress: ResourceProgress = run.resume
    ? { ...run.resume, files: [...run.resume.files] }
    : { resource: name, position: {}, files: [], next_part: 0, records: 0, pages: 0 };
  const resumeAt = progress.position;
  const writer = run.keyPrefix
    ? new ResourceWriter({
        store: run.store,
        keyPrefix: run.keyPrefix,
        partMaxRecords: run.partMaxRecords,
        partMaxBytes: run.partMaxBytes,
        firstPartNumber: progress.next_part,
        beforeSeal: run.beforeSeal,
      })
    : undefined;
  // Types are inferred here, where each record is serialized for the writer: the writer sees only JSON text,
  // and parsing it back would cost more than the walk over the value in hand.
  const schema = writer && run.inferSchema ? new SchemaInferrer(progress.schema) : undefined;
  // No part holds one key of a merge resource twice: SQL readers order a key's versions by file (see ResourceWriter).
  const merge = resource.writeDisposition === 'merge';
  let truncated = resumeAt.truncated ?? false;
  // What `auto` settled on, for the summary's NOTE (single_page there means no pagination was found).
  let detected: string | undefined;
  const steps = resource.processingSteps ?? [];
  const incremental = resource.endpoint.incremental;
  const report = (done: boolean): void =>
    run.onProgress?.({ resource: name, pages: progress.pages, records: progress.records, retries: metrics.total('retries', name), done });

  const runChain = async (
    vars: ChainVars,
    cursor: ChainCursor | undefined,
    resume: PaginatorState | undefined,
    extra: Record<string, unknown> | undefined,
    control?: StopControl,
  ): Promise<ChainResult> => {
    // Cancels the page fetched ahead when this chain stops on an error.
    const ahead = new AbortController();
    const shouldPause = control?.shouldPause ?? run.shouldPause;
    const signals = [run.signal, control?.signal, ahead.signal].filter((x): x is AbortSignal => x !== undefined);
    const context = run.ctx.fetchContext(resource, { ...vars, ...(cursor ? { incremental: cursor.vars } : {}) }, {
      resume,
      maxPages: run.maxPages,
      logger,
      signal: signals.length === 1 ? ahead.signal : AbortSignal.any(signals),
    });
    const pages = fetchPages(context);
    let next: Promise<IteratorResult<Page>> | undefined = pages.next();
    let at = resume;
    let cut = false;
    // Set once the chain stops for the next invocation: the pages fetched ahead that have
    // already arrived are still written (ARRIVED_ONLY), so that it does not ask for them again.
    let draining = false;
    try {
      while (next) {
        let result: IteratorResult<Page>;
        try {
          result = await next;
        } catch (error) {
          // A retry that would wait past the deadline, or a request due inside the safety margin:
          // nothing of that page was written, so the next invocation resumes after the last page that was.
          if (error instanceof RetryPastDeadlineError && run.canPause) {
            logger.warn('a retry would wait past the deadline: continuing in a new invocation', { wait_ms: error.waitMs, left_ms: error.leftMs });
            next = undefined;
            return { paused: true, at };
          }
          if (error instanceof RequestPastDeadlineError && run.canPause) {
            logger.warn('a request was due inside the safety margin: continuing in a new invocation', { remaining_ms: error.remainingMs, safety_margin_ms: error.safetyMarginMs });
            next = undefined;
            return { paused: true, at };
          }
          throw error;
        }
        next = undefined;
        if (result.done) return draining ? { paused: true, at } : { paused: false, truncated: cut };
        const page = result.value;
        // The cursor reads the page first: with row_order it may say that values left the window,
        // and then no further page is requested at all.
        const kept: number[] = [];
        for (let i = 0; i < page.records.length; i++) {
          if (!cursor || cursor.accept(page.records[i], `page ${page.index}, record ${i}`)) kept.push(i);
        }
        const exhausted = !page.last && (cursor?.exhausted ?? false);
        // Decided before this page is written, so that the next page is requested
        // (one ahead, never more) only when there will be a next page to write,
        // and its latency overlaps this page's writing and uploading.
        const pause = !page.last && !exhausted && (draining || shouldPause());
        if (!page.last && !pause && !exhausted) {
          next = pages.next();
          next.catch(() => undefined); // awaited on the next turn; this only silences a rejection nobody waits for
          // The request goes out through a chain of promise callbacks; let them run
          // (one macrotask) so it is on the wire before the CPU work of writing begins.
          await setImmediate();
        }
        // processing_steps may drop a record or make several of one: then the count is of what they leave.
        let written = steps.length === 0 ? kept.length : 0;
        let redactedOnPage = 0;
        const lines: string[] = [];
        const keys: string[] | undefined = merge ? [] : undefined;
        for (const i of writer || steps.length > 0 ? kept : []) {
          const raw = page.records[i];
          const record = extra && raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, ...extra } : raw;
          const outs = steps.length === 0 ? [record] : applySteps(steps, record);
          if (steps.length > 0) written += outs.length;
          if (!writer) continue;
          for (const out of outs) {
            const { line, redacted } = serialize(out, name, `page ${page.index}, record ${i}`);
            schema?.observe(out);
            lines.push(line);
            keys?.push(mergeKeyOf(out, resource.primaryKey));
            redactedOnPage += redacted;
          }
        }
        await writer?.writeLines(lines, keys);
        detected ??= detectedPaginatorType(page.state.paginator as PaginatorState | undefined);
        progress.pages++;
        progress.records += written;
        if (redactedOnPage > 0) {
          progress.redacted_values = (progress.redacted_values ?? 0) + redactedOnPage;
          logger.info('credentials replaced by *** in records', { page: page.index, redacted_values: redactedOnPage });
        }
        metrics.add('pages', 1, name);
        metrics.add('bytes', page.bytes, name);
        metrics.add('records', written, name);
        if (page.truncated) truncated = cut = true;
        logger.debug('page', { page: page.index, status: page.status, records: written, fetched: page.records.length, bytes: page.bytes });
        report(false);
        // The position saved is the one after this page, the last one written.
        at = page.state;
        if (pause) {
          draining = true;
          next = pages.next(ARRIVED_ONLY);
          continue;
        }
        if (exhausted) {
          logger.debug('row_order: cursor values left the window, no further page requested', { page: page.index, row_order: incremental?.rowOrder });
          return { paused: false, truncated: cut };
        }
      }
      return { paused: false, truncated: cut };
    } finally {
      if (next) {
        ahead.abort();
        await next.catch(() => undefined);
      }
      await pages.return(undefined);
    }
  };

  const pause = async (position: ResourcePosition): Promise<ResourceOutcome> => {
    progress.files.push(...((await writer?.close()) ?? []));
    progress.next_part = writer?.nextPartNumber ?? progress.next_part;
    progress.position = { ...position, truncated };
    if (schema && schema.type !== 'null') progress.schema = schema.type;
    return { kind: 'paused', progress };
  };

  let keptByTruncation = false;
  const cursorOf = (stored: IncrementalState | undefined, progress: IncrementalState | undefined, progressAhead: readonly string[] | undefined): ChainCursor | undefined =>
    incremental
      ? new ChainCursor({
          resource: name,
          incremental,
          primaryKey: resource.primaryKey,
          dropBoundary: dropsBoundaryRecords(resource),
          stored,
          window: run.window,
          progress,
          append: resource.writeDisposition === 'append',
          truncates: run.maxPages !== undefined,
          progressAhead,
        })
      : undefined;
  // A chain cut short by max_pages read only part of its window: unless the API returns values in
  // ascending order, the unread part may hold values below the highest one read, so its state stays,
  // with the ahead keys of what it wrote above it (ChainCursor.committedState).
  const ended = (cursor: ChainCursor, chain: ChainResult): IncrementalState | undefined => {
    if (cursor.keepsState(chain.truncated === true)) keptByTruncation = true;
    return cursor.committedState(chain.truncated === true);
  };
  // Every chain's ahead keys count against one limit: they all ride in the resource's manifest entry.
  let aheadCount = 0;
  const counted = (state: IncrementalState | undefined, replaced?: IncrementalState): IncrementalState | undefined => {
    aheadCount += (state?.ahead_keys?.length ?? 0) - (replaced?.ahead_keys?.length ?? 0);
    if (aheadCount > MAX_AHEAD_KEYS) throw new AheadKeysLimitError(name, aheadCount, MAX_AHEAD_KEYS);
    return state;
  };

  try {
    let state: ResourceState | undefined;
    if (!resource.parent) {
      const cursor = cursorOf(run.previous?.incremental, resumeAt.cursor, resumeAt.aheadWritten);
      const chain = await runChain({}, cursor, resumeAt.paginator, undefined);
      if (chain.paused) return await pause({ paginator: chain.at, cursor: cursor?.state(), aheadWritten: cursor?.aheadWritten() });
      if (cursor) {
        if (cursor.stateless) state = run.previous;
        else {
          const reached = counted(ended(cursor, chain));
          state = reached ? { incremental: reached } : undefined;
        }
      }
    } else {
      const link = resource.parent;
      const perParent: Record<string, IncrementalState> = { ...(resumeAt.perParent ?? {}) };
      // The chains not run again (a parent gone, or done before the checkpoint) keep their stored ahead keys.
      for (const stored of Object.values({ ...(run.previous?.per_parent ?? {}), ...perParent })) counted(stored);
      const chains = await runChildChains({
        store: run.store,
        parentFiles: run.parentFiles ?? [],
        resume: parentsPositionOf(resumeAt),
        concurrency: resource.parallelized ? run.chainsInFlight : 1,
        shouldPause: run.shouldPause,
        runParent: async ({ record: parent }, saved, control) => {
          const key = parentKey(link, parent);
          const stored = run.previous?.per_parent?.[key];
          // Each chain carries its own ahead keys across a pause: each commits its own state.
          const cursor = cursorOf(stored, saved?.cursor, saved?.aheadWritten);
          const extra = link.includeFromParent.length > 0 ? includedFields(link, parent) : undefined;
          const chain = await runChain({ parent }, cursor, saved?.paginator, extra, control);
          if (chain.paused) {
            const reached = cursor?.state();
            const ahead = cursor?.aheadWritten();
            return {
              paused: true,
              position: { ...(chain.at ? { paginator: chain.at } : {}), ...(reached ? { cursor: reached } : {}), ...(ahead && ahead.length > 0 ? { aheadWritten: ahead } : {}) },
            };
          }
          // Counted as each chain ends, so the limit holds for all the chains of the resource, however many ran at once.
          if (cursor && !cursor.stateless) {
            const reached = counted(ended(cursor, chain), perParent[key] ?? stored);
            if (reached) perParent[key] = reached;
          }
          return { paused: false };
        },
      });
      if (chains.kind === 'paused') return await pause({ parents: chains.position, perParent });
      if (incremental) state = isStateless(incremental, run.window) ? run.previous : { per_parent: { ...(run.previous?.per_parent ?? {}), ...perParent } };
    }
    const files = [...progress.files, ...((await writer?.close()) ?? [])];
    // One warning per truncated resource, saying what the truncation means for its state.
    if (keptByTruncation) {
      logger.warn(
        `max_pages reached: resource "${name}" was cut short, and its incremental state stays where it was, as the pages not read may hold older values (declare incremental.row_order "asc" if the API returns values in ascending order)`,
        { max_pages: run.maxPages },
      );
    } else if (truncated) logger.warn(`max_pages reached: resource "${name}" was cut short`, { max_pages: run.maxPages });
    report(true);
    return {
      kind: 'done',
      manifest: {
        records: progress.records,
        pages: progress.pages,
        files,
        ...(state ? { state } : {}),
        ...(truncated ? { truncated: true } : {}),
        ...(detected ? { detected_paginator: detected } : {}),
        redacted_values: progress.redacted_values ?? 0,
        ...(schema && schema.type !== 'null' ? { schema: schema.type } : {}),
      },
    };
  } catch (error) {
    await writer?.abort().catch(() => undefined);
    throw error;
  }
}
