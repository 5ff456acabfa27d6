/**
 * The checkpoint of a run handed to the next invocation
 * (`<root>_checkpoints/<run_id>.json`): the resources done, the one in progress
 * with its engine-defined position, and the files written so far. Only the
 * final invocation writes the manifest; the checkpoint is deleted after commit.
 */
import { z } from 'zod';
import { ManifestError } from '../errors/ManifestError';
import type { ObjectStore } from '../sink/ObjectStore';
import type { FileEntry } from '../sink/ResourceWriter';
import type { Manifest, ResourceManifest } from './manifest';
import { fileEntrySchema, parseStoredObject, resourceManifestSchema } from './manifest';

/** The resource in progress when the invocation stopped. */
export interface CheckpointProgress {
  resource: string;
  /** Engine-defined: paginator state, parent position, cursor progress. Must be JSON. */
  position: unknown;
  /** Part files already written for this resource. */
  files: FileEntry[];
  /** The next part number (continues the numbering of `files`). */
  next_part: number;
  records: number;
  pages: number;
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
  current?: CheckpointProgress;
}

const checkpointSchema = z.looseObject({
  run_id: z.string().min(1),
  source: z.string().min(1),
  seq: z.number().int().nonnegative(),
  trigger: z.enum(['schedule', 'manual', 'cli']),
  started_at: z.string(),
  invocation: z.number().int().nonnegative(),
  window: z.looseObject({ from: z.unknown().optional(), to: z.unknown().optional() }).optional(),
  options: z.looseObject({ resources: z.array(z.string()).optional(), max_pages: z.number().optional() }),
  done: z.record(z.string(), resourceManifestSchema),
  current: z
    .looseObject({
      resource: z.string(),
      position: z.unknown().optional(),
      files: z.array(fileEntrySchema),
      next_part: z.number().int().nonnegative(),
      records: z.number().int().nonnegative(),
      pages: z.number().int().nonnegative(),
    })
    .optional(),
});

/** Stores a checkpoint (JSON). */
export async function writeCheckpoint(store: ObjectStore, key: string, checkpoint: Checkpoint): Promise<void> {
  await store.putBytes(key, JSON.stringify(checkpoint), 'application/json');
}

/**
 * Reads and validates a checkpoint.
 * @throws ManifestError when it is missing or malformed
 */
export async function readCheckpoint(store: ObjectStore, key: string): Promise<Checkpoint> {
  const bytes = await store.get(key);
  if (!bytes) throw new ManifestError('checkpoint', key, [`not found in ${store.location} (a continuation whose checkpoint was deleted?)`]);
  return parseStoredObject(bytes, key, 'checkpoint', checkpointSchema) as Checkpoint;
}
