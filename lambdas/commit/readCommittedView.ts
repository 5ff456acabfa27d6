/**
 * The engine's own reader of the committed view (CONTRACT, "Write dispositions
 * and the committed view"). Only committed runs count: the commits
 * (`_commits/<seq>.json`), and the succeeded manifests of runs from before
 * commits existed; a file no committed run lists is never read, and every file read is checked against its
 * manifest entry (size and sha256) first. Per resource, the disposition its
 * latest manifest entry records decides which records count:
 *
 * - `append`: every record of every committed run, in `seq` order;
 * - `replace`: the records of the latest committed run (highest `seq`) that
 *   wrote the resource; a run of other resources or a state change (`"trigger":
 *   "state"`) does not count;
 * - `merge`: per primary key, the record from the highest `seq`, and within a
 *   run the last one written; with a `merge_key`, dlt's delete-insert first: a
 *   run that holds a `merge_key` value replaces every earlier record of that
 *   value, whether or not it holds the same primary keys.
 *
 * `sluice query` and `sluice show` read through here; the README's Athena views
 * implement the same three rules in SQL.
 */
import { createHash } from 'node:crypto';
import type { WriteDisposition } from '../model';
import { StorageError } from '../errors/StorageError';
import type { ObjectStore } from '../sink/ObjectStore';
import type { FileEntry } from '../sink/ResourceWriter';
import { readCommittedManifests } from './committedState';
import type { Manifest, ResourceManifest } from './manifest';
import { parseJsonLines } from './readJsonLines';

/** A file of a table, with the committed run it belongs to. */
export type ViewFile = FileEntry & { readonly seq: number; readonly run_id: string };

/** One resource of the committed view: a table with its disposition and the files that count. */
export interface CommittedTable {
  readonly resource: string;
  /** `table_name`, else the resource name. */
  readonly table: string;
  readonly writeDisposition: WriteDisposition;
  /** What `merge` keys by; undefined for a resource without one. */
  readonly primaryKey: readonly string[] | undefined;
  /** dlt's `merge_key` of a `merge` table: a later run's values replace every earlier record holding them. */
  readonly mergeKey: readonly string[] | undefined;
  /** The files whose records count, in the order they were committed (`seq`, then as listed). */
  readonly files: readonly ViewFile[];
  /** The `seq` of the latest committed run that wrote the resource; 0 when none did. */
  readonly seq: number;
}

/** The committed view of a source. */
export interface CommittedView {
  readonly source: string;
  /** The latest committed `seq` (0: nothing committed). */
  readonly seq: number;
  /** Every resource that a succeeded manifest lists, in the order first committed. */
  readonly tables: readonly CommittedTable[];
}

/** True when this entry of a succeeded manifest says the run wrote the resource (zero records included). */
export function wroteResource(manifest: Manifest, entry: ResourceManifest): boolean {
  if (manifest.trigger === 'state') return false;
  if (entry.written !== undefined) return entry.written;
  // Manifests from before `written`: an entry that only carried state has no file, page or record.
  return entry.files.length > 0 || entry.pages > 0 || entry.records > 0;
}

/**
 * Reads the manifests of a source and resolves, per resource, the files its
 * disposition makes visible. Reads no data file.
 */
export async function readCommittedView(store: ObjectStore, prefix: string, source: string): Promise<CommittedView> {
  // The commits themselves, not only their _manifests/ copies: a crash between the commit and its copy
  // leaves a committed run that only _commits/ lists (and the next run writes the copy).
  const manifests = (await readCommittedManifests(store, prefix, source)).map(({ manifest }) => manifest);

  const order: string[] = [];
  const latest = new Map<string, ResourceManifest>();
  for (const manifest of manifests) {
    for (const [name, entry] of Object.entries(manifest.resources)) {
      if (!latest.has(name)) order.push(name);
      latest.set(name, entry);
    }
  }

  const tables = order.map((resource): CommittedTable => {
    const hints = latest.get(resource) as ResourceManifest;
    const writeDisposition = hints.write_disposition ?? 'append';
    const runs = manifests.flatMap((manifest) => {
      const entry = manifest.resources[resource];
      return entry && wroteResource(manifest, entry) ? [{ manifest, entry }] : [];
    });
    const counted = writeDisposition === 'replace' ? runs.slice(-1) : runs;
    return {
      resource,
      table: hints.table_name ?? resource,
      writeDisposition,
      primaryKey: hints.primary_key,
      mergeKey: hints.merge_key,
      files: counted.flatMap(({ manifest, entry }) => entry.files.map((f) => ({ ...f, seq: manifest.seq, run_id: manifest.run_id }))),
      seq: runs.at(-1)?.manifest.seq ?? 0,
    };
  });
  return { source, seq: manifests.at(-1)?.seq ?? 0, tables };
}

/**
 * The records of one table of the view, with its disposition applied: for
 * `append` and `replace` streamed file by file; for `merge` once every file is
 * read (the latest version of each key, in the order those versions were
 * written), run by run when a `merge_key` is declared, so that each run first
 * drops the earlier records of the `merge_key` values it holds.
 * @throws StorageError when a listed file is missing, differs from its manifest entry, or holds a line that is not JSON
 */
export async function* readTableRecords(store: ObjectStore, table: CommittedTable): AsyncGenerator<unknown> {
  if (table.writeDisposition !== 'merge') {
    for (const file of table.files) yield* readViewFile(store, file);
    return;
  }
  const latest = new Map<string, unknown>();
  const keep = (record: unknown): void => {
    const key = mergeKeyOf(record, table.primaryKey);
    // Delete first: a Map keeps first-insertion order, and the view's order is that of the versions kept.
    latest.delete(key);
    latest.set(key, record);
  };
  if (!table.mergeKey || table.mergeKey.length === 0) {
    for (const file of table.files) for await (const record of readViewFile(store, file)) keep(record);
    yield* latest.values();
    return;
  }
  for (const run of filesByRun(table.files)) {
    const records: unknown[] = [];
    for (const file of run) for await (const record of readViewFile(store, file)) records.push(record);
    const replaced = new Set(records.map((r) => mergeKeyValue(r, table.mergeKey)).filter((v) => v !== undefined));
    for (const [key, record] of latest) if (replaced.has(mergeKeyValue(record, table.mergeKey) as string)) latest.delete(key);
    records.forEach(keep);
  }
  yield* latest.values();
}

/** The files of each committed run, runs in `seq` order (the files are listed that way). */
function filesByRun(files: readonly ViewFile[]): ViewFile[][] {
  const runs: ViewFile[][] = [];
  for (const file of files) {
    if (runs.at(-1)?.[0].seq === file.seq) runs.at(-1)?.push(file);
    else runs.push([file]);
  }
  return runs;
}

/**
 * A record's `merge_key` values as JSON; undefined when one of them is absent
 * or null, as SQL's `=` in dlt's delete never matches NULL: such a record
 * replaces nothing and is replaced only by its primary key.
 */
function mergeKeyValue(record: unknown, mergeKey: readonly string[] | undefined): string | undefined {
  if (!mergeKey || mergeKey.length === 0 || record === null || typeof record !== 'object') return undefined;
  const values = mergeKey.map((field) => (record as Record<string, unknown>)[field]);
  return values.some((v) => v === undefined || v === null) ? undefined : JSON.stringify(values);
}

/** Every record of one table, in memory (tests, `sluice show`). */
export async function readTable(store: ObjectStore, table: CommittedTable): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const record of readTableRecords(store, table)) out.push(record);
  return out;
}

/**
 * The identity `merge` keeps one record of: the primary key's values as JSON
 * (an absent field counts as null, as SQL's `PARTITION BY` groups it). Without
 * a primary key (a merge resource committed before one was declared), the
 * whole record.
 */
export function mergeKeyOf(record: unknown, primaryKey: readonly string[] | undefined): string {
  if (!primaryKey || primaryKey.length === 0 || record === null || typeof record !== 'object') return JSON.stringify(record);
  return JSON.stringify(primaryKey.map((field) => (record as Record<string, unknown>)[field] ?? null));
}

/** Reads a committed file, checks it against its manifest entry, and yields its records. */
async function* readViewFile(store: ObjectStore, file: ViewFile): AsyncGenerator<unknown> {
  const context = { operation: 'get' as const, location: store.location, key: file.key };
  const bytes = await store.get(file.key);
  if (!bytes) throw new StorageError(context, `run ${file.run_id} (seq ${file.seq}) committed this file, but it does not exist`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== file.bytes || sha256 !== file.sha256) {
    throw new StorageError(context, `the stored file (${bytes.length} bytes, sha256 ${sha256}) is not the one run ${file.run_id} committed (${file.bytes} bytes, sha256 ${file.sha256})`);
  }
  yield* parseJsonLines(bytes, context);
}
