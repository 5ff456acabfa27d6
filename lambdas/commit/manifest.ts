/**
 * The manifest: the commit marker of a run. Data files are written first and
 * the manifest last, so a run is visible only once its `succeeded` manifest
 * exists; the incremental state lives inside it, so state never moves past
 * uncommitted data. `seq` orders committed runs (run ids may share a second).
 */
// zod/mini, not the full zod: the run path loads these schemas at every cold start, and
// the full build (≈450 KB with its locales) was the largest piece of the handler's init.
import * as z from 'zod/mini';
import './zodMessages';
import { formatPath } from '../config/formatIssues';
import type { StoredObjectType } from '../errors/ManifestError';
import { ManifestError } from '../errors/ManifestError';
import type { ResourceModel, WriteDisposition } from '../model';
import { CURSOR_TYPES } from '../incremental/CursorType';
import type { CursorType } from '../incremental/CursorType';
import type { BackfillWindow } from '../incremental/IncrementalCursor';
import type { FileEntry } from '../sink/ResourceWriter';
import type { FieldType } from '../catalog/FieldType';
import { isFieldType } from '../catalog/FieldType';
import { redactDeep } from '../secrets/Redactor';
import { TRIGGERS } from './trigger';
import type { Trigger } from './trigger';

/** The cursor of an incremental resource as committed. */
export interface IncrementalState {
  /** The highest cursor value committed so far; absent when no record carried one yet. */
  last_value?: unknown;
  /** Keys (primary key, or sha256 of the record) of the records whose cursor equals `last_value`: dropped when re-read. */
  boundary_keys: string[];
  /** How values compare; absent in state written before cursor types were stored (then inferred from `last_value`). */
  cursor_type?: CursorType;
  /**
   * Left by `append` runs that `max_pages` cut short and that kept this state:
   * identities (cursor value and key, 16 characters each) of the records they
   * committed above `last_value` (every record, without one), which the next
   * run reads again and drops; cleared by a run that reads its whole window.
   * Absent when there are none. See `run/aheadKeys.ts`.
   */
  ahead_keys?: string[];
}

/** What a resource carries to the next run. */
export interface ResourceState {
  incremental?: IncrementalState;
  /** A child's cursor per parent record (keyed by the engine). */
  per_parent?: Record<string, IncrementalState>;
}

/** One resource of a run. */
export interface ResourceManifest {
  records: number;
  pages: number;
  files: FileEntry[];
  state?: ResourceState;
  /** `max_pages` ended the resource early. */
  truncated?: boolean;
  /** The paginator `auto` detected (absent for a declared paginator): `single_page` says no pagination was found. */
  detected_paginator?: string;
  /** How this resource's runs add up in the committed view (absent in manifests before write dispositions: `append`). */
  write_disposition?: WriteDisposition;
  /** The output folder and table (absent: the resource name). */
  table_name?: string;
  /** The fields that identify a record: what `merge` keeps the latest of. */
  primary_key?: string[];
  /** dlt's `merge_key`, as declared: what a `merge` run replaces earlier records by, besides `primary_key`. */
  merge_key?: string[];
  /**
   * True when this run wrote the resource (even zero records); false when the
   * entry only carries the state of a resource outside the run. `replace`
   * shows the latest run that wrote it.
   */
  written?: boolean;
  /** String values of its records that held a credential and were written with it replaced by `***`; every run writes it (0 when none), older manifests lack it. */
  redacted_values?: number;
  /**
   * The types of the records this run wrote, inferred from every one of them
   * (`lambdas/catalog/FieldType.ts`): the Glue table is their widening over the
   * committed runs. Absent when the run wrote no record, and in older manifests.
   */
  schema?: FieldType;
}

/** The write hints of a resource entry, from the source model. */
export function writeHintsOf(resource: ResourceModel, written: boolean): Pick<ResourceManifest, 'write_disposition' | 'table_name' | 'primary_key' | 'merge_key' | 'written'> {
  return {
    write_disposition: resource.writeDisposition,
    table_name: resource.tableName,
    ...(resource.primaryKey ? { primary_key: [...resource.primaryKey] } : {}),
    ...(resource.mergeKey ? { merge_key: [...resource.mergeKey] } : {}),
    written,
  };
}

/** A run's manifest, `<root>_manifests/<run_id>.json`. */
export interface Manifest {
  run_id: string;
  source: string;
  status: 'succeeded' | 'failed';
  trigger: Trigger;
  /** 1, 2, 3, … per committed run of the source; the latest committed run has the highest. */
  seq: number;
  format: 'jsonl.gz';
  sluice_version: string;
  /** ISO 8601 UTC with milliseconds. */
  started_at: string;
  finished_at: string;
  /** A backfill's own window (`from`/`to`); such a run never moves the state. */
  window?: BackfillWindow;
  resources: Record<string, ResourceManifest>;
  error?: string;
  /**
   * Random, one per attempt to commit (set by `commitManifest`): two deliveries
   * of one continuation share the run id, and a create whose answer was lost
   * is told from the other delivery's commit by this alone. Absent in failed
   * manifests and in commits from before attempts were recorded.
   */
  attempt?: string;
}

const isoTimestamp = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'an ISO 8601 UTC timestamp with milliseconds'));

/** A stored part file entry. */
export const fileEntrySchema = z.looseObject({
  key: z.string().check(z.minLength(1)),
  records: z.int().check(z.nonnegative()),
  bytes: z.int().check(z.nonnegative()),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256')),
});

/** A backfill's window, in a manifest and in the checkpoint of its run: either bound may be absent. */
export const backfillWindowSchema = z.looseObject({ from: z.optional(z.unknown()), to: z.optional(z.unknown()) });

/** A resource's committed cursor (and a checkpoint's cursor progress). */
export const incrementalStateSchema = z.looseObject({
  last_value: z.optional(z.unknown()),
  boundary_keys: z.array(z.string()),
  cursor_type: z.optional(z.enum(CURSOR_TYPES)),
  ahead_keys: z.optional(z.array(z.string())),
});

/** A resource's inferred schema (see {@link FieldType}), checked by shape. */
export const fieldTypeSchema = z.custom<FieldType>(isFieldType, 'a schema: "null", "boolean", "bigint", "double", "string", {"array": <type>} or {"struct": {"<key>": <type>}}');

/** A resource entry of a manifest (and of a checkpoint's `done`). */
export const resourceManifestSchema = z.looseObject({
  records: z.int().check(z.nonnegative()),
  pages: z.int().check(z.nonnegative()),
  files: z.array(fileEntrySchema),
  state: z.optional(z.looseObject({ incremental: z.optional(incrementalStateSchema), per_parent: z.optional(z.record(z.string(), incrementalStateSchema)) })),
  truncated: z.optional(z.boolean()),
  detected_paginator: z.optional(z.string()),
  write_disposition: z.optional(z.enum(['append', 'replace', 'merge'])),
  table_name: z.optional(z.string().check(z.minLength(1))),
  primary_key: z.optional(z.array(z.string())),
  merge_key: z.optional(z.array(z.string())),
  written: z.optional(z.boolean()),
  redacted_values: z.optional(z.int().check(z.nonnegative())),
  schema: z.optional(fieldTypeSchema),
});

const manifestSchema = z.looseObject({
  run_id: z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  status: z.enum(['succeeded', 'failed']),
  trigger: z.enum(TRIGGERS),
  seq: z.int().check(z.nonnegative()),
  format: z.literal('jsonl.gz'),
  sluice_version: z.string(),
  started_at: isoTimestamp,
  finished_at: isoTimestamp,
  window: z.optional(backfillWindowSchema),
  resources: z.record(z.string(), resourceManifestSchema),
  error: z.optional(z.string()),
  attempt: z.optional(z.string()),
});

/**
 * Parses and validates a stored manifest.
 * @param key where it was read from, for the error message
 * @throws ManifestError naming the key and each problem's field path
 */
export function parseManifest(bytes: Buffer, key: string): Manifest {
  const manifest: Manifest = parseStoredObject(bytes, key, 'manifest', manifestSchema);
  return manifest;
}

/** The manifest as stored: one line of JSON (`jq .` shows it pretty). */
export function serializeManifest(manifest: Manifest): string {
  // One line: Athena's JSON SerDe reads one object per line, so manifests can be queried as a table.
  // Redacted value by value: editing the serialized text could break its JSON (a credential of digits inside a number).
  return `${JSON.stringify(redactDeep(manifest))}\n`;
}

/** Parses JSON bytes against a schema; every problem is reported with its field path. */
export function parseStoredObject<T>(bytes: Buffer, key: string, objectType: StoredObjectType, schema: z.ZodMiniType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ManifestError(objectType, key, [`not JSON (${error instanceof Error ? error.message : String(error)})`], { cause: error });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new ManifestError(
      objectType,
      key,
      result.error.issues.map((i) => `${formatPath(i.path) || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}
