/**
 * Registers a source's committed runs in the Glue Data Catalog: one table per
 * resource, one partition per committed run that wrote it, its `_current`
 * view, and the table over the commits that the `merge` views read `seq` from.
 *
 * It runs after the commit, and reconciles instead of appending: each table
 * keeps the highest `seq` up to which every committed run that wrote it has
 * its partition (the `sluice_registered_seq` parameter, moved only after the
 * partitions were created), and a registration reads the commits after the
 * lowest of these marks. A run whose registration was lost (a crash or a Glue
 * error between the commit and here) is above the mark, so the next
 * registration registers it, and a normal one reads only the new commits, not
 * the source's whole history. A table without a mark (new, or registered before
 * marks) is reconciled with every committed manifest (`readCommittedManifests`)
 * and its registered partitions. Only committed runs are read, so a failed run
 * never gets a partition. Columns are the widening of the table's stored schema and every
 * committed run's: a type is widened, never narrowed, and each change is logged
 * (and the existing partitions get the widened columns, as Athena checks a
 * JSON table's partitions against it column by column). Before a run folder
 * becomes a partition, the objects its commit does not list are deleted from
 * it (`purgeUnlisted`), as Athena reads every object under a partition.
 */
import { listCommitKeys, readCommits, readCommittedManifests } from '../commit/committedState';
import { commitKey, commitsPrefix, sourceRoot } from '../commit/layout';
import type { Manifest } from '../commit/manifest';
import { wroteResource } from '../commit/readCommittedView';
import { CatalogError } from '../errors/CatalogError';
import type { ResourceModel, SourceModel } from '../model';
import type { Logger } from '../observability/Logger';
import type { ObjectStore } from '../sink/ObjectStore';
import { viewTableInput } from './currentView';
import type { ViewSpec } from './currentView';
import type { FieldType } from './FieldType';
import { isFieldType, typeChanges, widenType } from './FieldType';
import { tableColumns } from './glueColumns';
import { purgeUnlisted } from './purgeUnlisted';
import type { GlueCatalogApi, StoredTable } from './GlueCatalogApi';
import { commitsTableName, currentViewName, glueTableName } from './glueNames';
import type { DataTableSpec, TableInputShape } from './tableInputs';
import { commitsTableInput, dataTableInput, LATEST_RUN_PARAMETER, partitionInput, REGISTERED_SEQ_PARAMETER, SCHEMA_PARAMETER, SOURCE_PARAMETER } from './tableInputs';

/** Where a source's runs are registered. */
export interface CatalogTarget {
  /** The Glue database (the stack creates it; the engine never does). */
  readonly database: string;
  /** The bucket the part files are in (locations are `s3://<bucket>/…`). */
  readonly bucket: string;
  readonly api: GlueCatalogApi;
}

/** What a registration did, in the run summary as `catalog`. */
export interface CatalogReport {
  readonly database: string;
  /** False when registration failed: the run is committed all the same, and the next run registers what is missing. */
  readonly ok: boolean;
  /** The tables and views of the source, as registered. */
  readonly tables: string[];
  /** Partitions created by this registration (more than one when it repaired an earlier one). */
  readonly partitions_added: number;
  /** Why it failed. */
  readonly error?: string;
}

/** Options of {@link registerCatalog}. */
export interface RegisterCatalogOptions {
  readonly store: ObjectStore;
  readonly prefix: string;
  readonly source: SourceModel;
  readonly target: CatalogTarget;
  readonly logger: Logger;
}

/**
 * Reconciles the catalog with the committed runs of a source.
 * @throws CatalogError naming the table a Glue call failed on
 */
export async function registerCatalog(options: RegisterCatalogOptions): Promise<CatalogReport> {
  const { store, prefix, source, target, logger } = options;
  const { database, api } = target;
  const root = `s3://${target.bucket}/${sourceRoot(prefix, source.name)}`;
  const commitsTable = commitsTableName(source.name);
  const tables: string[] = [];
  let added = 0;

  const written = source.resources.filter((r) => r.selected);
  const existing = new Map<string, StoredTable | undefined>();
  for (const resource of written) {
    const name = glueTableName(source.name, resource.tableName);
    existing.set(resource.name, await guarded(database, name, () => owned(api, database, name, source.name)));
  }
  const marks = written.map((r) => registeredSeq(existing.get(r.name)));
  // Every table has a mark: only the commits after the lowest can hold a run that is not registered yet.
  const from = marks.every((m): m is number => m !== undefined) && marks.length > 0 ? Math.min(...marks) : undefined;
  const manifests = await committedAfter(from);

  if (written.some((r) => r.writeDisposition === 'merge')) {
    await guarded(database, commitsTable, async () => {
      const input = commitsTableInput(commitsTable, source.name, `s3://${target.bucket}/${commitsPrefix(prefix, source.name)}`);
      const stored = await owned(api, database, commitsTable, source.name);
      if (!stored) await api.createTable(database, input);
    });
    tables.push(commitsTable);
  }

  for (const resource of written) {
    const stored = existing.get(resource.name);
    const mark = registeredSeq(stored);
    const runs = manifests.filter((m) => (mark === undefined || m.seq > mark) && m.resources[resource.name] && wroteResource(m, m.resources[resource.name]));
    // No table, and no committed run wrote the resource: nothing to register yet.
    if (runs.length === 0 && !stored) continue;
    const name = glueTableName(source.name, resource.tableName);
    const result = await guarded(database, name, () => registerTable({ ...options, resource, runs, name, existing: stored, mark, location: `${root}${resource.tableName}/`, commitsTable }));
    added += result.added;
    tables.push(name, currentViewName(name));
  }
  if (added > 0) logger.info('catalog: partitions registered', { database, partitions: added });
  return { database, ok: true, tables, partitions_added: added };

  /** The committed manifests after seq `after` (its commits only), or every committed manifest. */
  async function committedAfter(after: number | undefined): Promise<Manifest[]> {
    if (after === undefined) return (await readCommittedManifests(store, prefix, source.name)).map((m) => m.manifest);
    const dir = commitsPrefix(prefix, source.name);
    // Runs committed before _commits/ existed all have lower seqs than the first commit, so they are below any mark.
    return (await readCommits(store, dir, await listCommitKeys(store, dir, commitKey(prefix, source.name, after)))).map((m) => m.manifest);
  }

  /**
   * One resource's table. `runs`: the committed runs that wrote it, after its
   * mark (all of them without one); their partitions are created, then the mark
   * moves to the highest seq read.
   */
  async function registerTable(t: {
    resource: ResourceModel;
    runs: Manifest[];
    name: string;
    existing: StoredTable | undefined;
    mark: number | undefined;
    location: string;
    commitsTable: string;
  }): Promise<{ added: number }> {
    const { existing } = t;
    const stored = storedSchema(existing);
    let schema: FieldType = stored;
    for (const run of t.runs) {
      const own = run.resources[t.resource.name].schema;
      if (own) schema = widenType(schema, own);
    }
    const changes = typeChanges(stored, schema);
    for (const change of changes) logger.warn('catalog: a column type was widened (types are widened, never narrowed)', { table: t.name, field: change.path, from: change.from, to: change.to });
    const { columns, mappings, skipped } = tableColumns(schema, existing?.columns ?? []);
    for (const s of skipped) logger.warn('catalog: a field is not declared as a column', { table: t.name, key: s.key, reason: s.reason });
    const spec: DataTableSpec = { name: t.name, source: source.name, resource: t.resource.name, location: t.location, columns, mappings, schema };
    // Until the new partitions exist, the table keeps the mark (and latest run) it had.
    const kept = Object.fromEntries([REGISTERED_SEQ_PARAMETER, LATEST_RUN_PARAMETER].flatMap((k) => (existing?.parameters[k] !== undefined ? [[k, existing.parameters[k]]] : [])));
    const base = dataTableInput(spec);
    const input = { ...base, Parameters: { ...base.Parameters, ...kept } };
    if (!existing) await api.createTable(database, input);
    else if (existing.parameters[SCHEMA_PARAMETER] !== input.Parameters[SCHEMA_PARAMETER] || existing.columns.join() !== columns.map((c) => c.name).join()) await api.updateTable(database, input);

    const partitionOf = (run: Manifest) => partitionInput(spec, run.started_at.slice(0, 10), run.run_id);
    // Without a mark, what is registered is read from Glue; above a mark nothing is, except what a registration
    // that failed before moving the mark created (created again counts as created, and its folder holds only
    // listed files already).
    const registered = new Set((existing && t.mark === undefined ? await api.partitionValues(database, t.name) : []).map((v) => v.join('/')));
    const missingRuns = t.runs.filter((run) => !registered.has(partitionOf(run).Values.join('/')));
    // A partition is a prefix that Athena reads whole: before it exists, its folder holds exactly the files its commit lists.
    for (const run of missingRuns) await purgeUnlisted({ store, prefix, run, resource: t.resource.name, tableName: t.resource.tableName, logger });
    const missing = missingRuns.map(partitionOf);
    if (missing.length > 0) await api.createPartitions(database, t.name, missing);
    // Athena checks a JSON table's partitions against the table column by column: a widened type goes to every partition.
    if (changes.length > 0 && existing) {
      const created = new Set(missing.map((p) => p.Values.join('/')));
      const known = (t.mark === undefined ? [...registered].map((v) => v.split('/')) : await api.partitionValues(database, t.name)).filter((v) => !created.has(v.join('/')));
      if (known.length > 0) await api.updatePartitions(database, t.name, known.map(([dt, runId]) => partitionInput(spec, dt, runId)));
    }

    const latestRunId = t.runs.at(-1)?.run_id ?? existing?.parameters[LATEST_RUN_PARAMETER];
    const seq = Math.max(t.mark ?? 0, ...manifests.map((m) => m.seq));
    const moved = { ...base.Parameters, [REGISTERED_SEQ_PARAMETER]: String(seq), ...(latestRunId !== undefined ? { [LATEST_RUN_PARAMETER]: latestRunId } : {}) };
    if (moved[REGISTERED_SEQ_PARAMETER] !== input.Parameters[REGISTERED_SEQ_PARAMETER] || moved[LATEST_RUN_PARAMETER] !== input.Parameters[LATEST_RUN_PARAMETER]) {
      // Only a parameter changed: no archived version of the table (Glue keeps a bounded number per table).
      await api.updateTable(database, { ...base, Parameters: moved }, { skipArchive: true });
    }

    const view: ViewSpec = {
      database,
      source: source.name,
      view: currentViewName(t.name),
      table: t.name,
      commitsTable: t.commitsTable,
      writeDisposition: t.resource.writeDisposition,
      primaryKey: t.resource.primaryKey,
      // dlt's delete-insert: without it the view would keep rows a later run's merge_key deleted.
      mergeKey: t.resource.mergeKey,
      latestRunId,
      columns,
    };
    await upsertView(viewTableInput(view));
    return { added: missing.length };
  }

  async function upsertView(input: TableInputShape): Promise<void> {
    const existing = await owned(api, database, input.Name, source.name);
    if (!existing) await api.createTable(database, input);
    else if (existing.viewOriginalText !== input.ViewOriginalText) await api.updateTable(database, input);
  }
}

/** Registers, and never throws: a failure after the commit is reported, not raised (the run is committed; the next one repairs). */
export async function registerAfterCommit(options: RegisterCatalogOptions): Promise<CatalogReport> {
  try {
    return await registerCatalog(options);
  } catch (error) {
    const wrapped = CatalogError.wrap(options.target.database, undefined, error);
    options.logger.error('the run is committed, but registering it in the Glue catalog failed (the next run registers it)', { error: wrapped });
    return { database: options.target.database, ok: false, tables: [], partitions_added: 0, error: wrapped.message };
  }
}

/** A table of this source, or undefined when there is none; a table another tool or source owns is never changed. */
async function owned(api: GlueCatalogApi, database: string, name: string, source: string): Promise<StoredTable | undefined> {
  const table = await api.getTable(database, name);
  if (table && table.parameters[SOURCE_PARAMETER] !== source) {
    throw new CatalogError(database, name, `the table exists and sluice source "${source}" did not create it (its ${SOURCE_PARAMETER} parameter is ${JSON.stringify(table.parameters[SOURCE_PARAMETER] ?? null)}); rename or drop it`);
  }
  return table;
}

/** The seq up to which every committed run that wrote the table is registered; undefined without a table or a mark. */
function registeredSeq(table: StoredTable | undefined): number | undefined {
  const text = table?.parameters[REGISTERED_SEQ_PARAMETER];
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

/** The schema a table was last rendered from; none for a new table. */
function storedSchema(table: StoredTable | undefined): FieldType {
  const text = table?.parameters[SCHEMA_PARAMETER];
  if (text === undefined) return 'null';
  try {
    const parsed: unknown = JSON.parse(text);
    if (isFieldType(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw new Error(`its ${SCHEMA_PARAMETER} parameter is not a schema sluice wrote`);
}

async function guarded<T>(database: string, table: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw CatalogError.wrap(database, table, error);
  }
}
