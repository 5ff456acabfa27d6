/**
 * The checkpoint of a run handed to the next invocation
 * (`<root>_checkpoints/<run_id>.json`): the resources done, those in progress
 * (one, or several parallelized ones) with their engine-defined positions, and
 * the files written so far. Only the
 * final invocation writes the manifest; the checkpoint is deleted after commit.
 */
import * as z from 'zod/mini';
import { ManifestError } from '../errors/ManifestError';
import type { ObjectStore } from '../sink/ObjectStore';
import type { FileEntry } from '../sink/ResourceWriter';
import type { PaginatorState } from '../paginators/Paginator';
import type { FieldType } from '../catalog/FieldType';
import type { IncrementalState, Manifest, ResourceManifest } from './manifest';
import { backfillWindowSchema, fieldTypeSchema, fileEntrySchema, incrementalStateSchema, parseStoredObject, resourceManifestSchema } from './manifest';
import { TRIGGERS } from './trigger';
import { redactDeep } from '../secrets/Redactor';

/** A parent record's place: the index of its file and its line in that file (0-based). */
export interface ParentPosition {
  file: number;
  line: number;
}

/** One request chain of a child that was started and not finished when the invocation stopped. */
export interface ChainPosition {
  /** Its parent record. */
  parent: ParentPosition;
  /** The paginator position after the chain's last page written; absent: start the chain afresh. */
  paginator?: PaginatorState;
  /** The chain's incremental progress. */
  cursor?: IncrementalState;
  /** The ahead keys this chain wrote so far (`append` with `max_pages`: see run/aheadKeys.ts); each chain keeps its own, as each commits its own state. */
  aheadWritten?: string[];
}

/**
 * Where the chains of a child stand. Parent records are started in file order,
 * so one position and a list say it all: every record before `next` is done,
 * except those in `open`; `next` and every record after it are not started.
 */
export interface ParentsPosition {
  /** The first parent record no chain has started on. */
  next: ParentPosition;
  /** The chains in progress (several when the child is `parallelized`), in parent order. */
  open: ChainPosition[];
}

/** Where a paused resource resumes (the checkpoint's `current.position`). */
export interface ResourcePosition {
  /** A child: which parents are done, which are in progress and where each stands. */
  parents?: ParentsPosition;
  /**
   * A child, in a checkpoint written before `parents`: the one parent record to
   * resume at (its chain at `paginator` and `cursor`); the records before it are done.
   */
  parent?: ParentPosition;
  /** A top-level resource: the paginator position after the last page written; absent: start the chain afresh. */
  paginator?: PaginatorState;
  /** A top-level resource: the incremental progress of its chain. */
  cursor?: IncrementalState;
  /** A top-level resource (or the one parent of a checkpoint written before `parents`): the ahead keys its chain wrote so far (see run/aheadKeys.ts). */
  aheadWritten?: string[];
  /** A child with per-parent cursors: the states of the parents already done. */
  perParent?: Record<string, IncrementalState>;
  /** A chain already ended at `max_pages`. */
  truncated?: boolean;
}

/** The resource in progress when the invocation stopped (the checkpoint's `current`). */
export interface ResourceProgress {
  resource: string;
  position: ResourcePosition;
  /** Part files already written for this resource. */
  files: FileEntry[];
  /** The next part number (continues the numbering of `files`). */
  next_part: number;
  records: number;
  pages: number;
  /** String values written with a credential replaced, so far. */
  redacted_values?: number;
  /** The schema of the records written so far, by every chain of the resource (inference goes on from it). */
  schema?: FieldType;
}

/** A run between two invocations. */
export interface Checkpoint {
  run_id: string;
  source: string;
  /** The seq this run will commit as. */
  seq: number;
  trigger: Manifest['trigger'];
  started_at: string;
  /** The number of the invocation that resumes from this checkpoint (1 for the first continuation). */
  invocation: number;
  window?: Manifest['window'];
  options: { resources?: string[]; max_pages?: number };
  done: Record<string, ResourceManifest>;
  current?: ResourceProgress;
  /** Resources paused at the same time as `current` (parallelized top-level resources run at once). */
  alongside?: ResourceProgress[];
}

const parentPositionSchema = z.looseObject({ file: z.int().check(z.nonnegative()), line: z.int().check(z.nonnegative()) });
const paginatorStateSchema = z.record(z.string(), z.unknown());

const resourceProgressSchema = z.looseObject({
  resource: z.string(),
  position: z.looseObject({
    parents: z.optional(
      z.looseObject({
        next: parentPositionSchema,
        open: z.array(
          z.looseObject({
            parent: parentPositionSchema,
            paginator: z.optional(paginatorStateSchema),
            cursor: z.optional(incrementalStateSchema),
            aheadWritten: z.optional(z.array(z.string())),
          }),
        ),
      }),
    ),
    parent: z.optional(parentPositionSchema),
    paginator: z.optional(paginatorStateSchema),
    cursor: z.optional(incrementalStateSchema),
    aheadWritten: z.optional(z.array(z.string())),
    perParent: z.optional(z.record(z.string(), incrementalStateSchema)),
    truncated: z.optional(z.boolean()),
  }),
  files: z.array(fileEntrySchema),
  next_part: z.int().check(z.nonnegative()),
  records: z.int().check(z.nonnegative()),
  pages: z.int().check(z.nonnegative()),
  redacted_values: z.optional(z.int().check(z.nonnegative())),
  schema: z.optional(fieldTypeSchema),
});

const checkpointSchema = z.looseObject({
  run_id: z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  seq: z.int().check(z.nonnegative()),
  trigger: z.enum(TRIGGERS),
  started_at: z.string(),
  invocation: z.int().check(z.nonnegative()),
  window: z.optional(backfillWindowSchema),
  options: z.looseObject({ resources: z.optional(z.array(z.string())), max_pages: z.optional(z.number()) }),
  done: z.record(z.string(), resourceManifestSchema),
  current: z.optional(resourceProgressSchema),
  alongside: z.optional(z.array(resourceProgressSchema)),
});

/** Stores a checkpoint (JSON). */
export async function writeCheckpoint(store: ObjectStore, key: string, checkpoint: Checkpoint): Promise<void> {
  // A next URL in the paginator state can carry a query API key (APIs copy the query into
  // their links): it is stored redacted, and the auth strategy sets the real key again on resume.
  // Value by value, never the JSON text: a number that happens to equal a credential stays a number.
  await store.putBytes(key, JSON.stringify(redactDeep(checkpoint)), 'application/json');
}

/**
 * Reads and validates a checkpoint.
 * @throws ManifestError when it is missing or malformed
 */
export async function readCheckpoint(store: ObjectStore, key: string): Promise<Checkpoint> {
  const checkpoint = await findCheckpoint(store, key);
  if (!checkpoint) throw new ManifestError('checkpoint', key, [`not found in ${store.location} (a continuation whose checkpoint was deleted?)`]);
  return checkpoint;
}

/**
 * Reads and validates a checkpoint; undefined when there is none (its run
 * committed or failed and deleted it).
 * @throws ManifestError when it is malformed
 */
export async function findCheckpoint(store: ObjectStore, key: string): Promise<Checkpoint | undefined> {
  const bytes = await store.get(key);
  if (!bytes) return undefined;
  // Validated, not cast: the schema's type must be a Checkpoint, position included.
  const checkpoint: Checkpoint = parseStoredObject(bytes, key, 'checkpoint', checkpointSchema);
  return checkpoint;
}
