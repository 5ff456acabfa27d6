/**
 * Registers a source's committed runs in the Glue Data Catalog: one table per
 * resource, one partition per committed run that wrote it, its `_current`
 * view, and the table over the commits that the `merge` views read `seq` from.
 *
 * It runs after the commit, and reconciles instead of appending: it reads every
 * committed manifest (`readCommittedManifests`), so a run whose registration
 * was lost (a crash or a Glue error between the commit and here) is registered
 * by the next one. Only committed runs are read, so a failed run never gets a
 * partition. Columns are the widening of the table's stored schema and every
 * committed run's: a type is widened, never narrowed, and each change is logged
 * (and the existing partitions get the widened columns, as Athena checks a
 * JSON table's partitions against it column by column). Before a run folder
 * becomes a partition, the objects its commit does not list are deleted from
 * it (`purgeUnlisted`), as Athena reads every object under a partition.
 */
import { readCommittedManifests } from '../commit/committedState';
import { commitsPrefix, sourceRoot } from '../commit/layout';
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
import { commitsTableInput, dataTableInput, partitionInput, SCHEMA_PARAMETER, SOURCE_PARAMETER } from './tableInputs';

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
  const manifests = (await readCommittedManifests(store, prefix, source.name)).map((m) => m.manifest);
  const root = `s3://${target.bucket}/${sourceRoot(prefix, source.name)}`;
  const commitsTable = commitsTableName(source.name);
  const tables: string[] = [];
  let added = 0;

  const written = source.resources.filter((r) => r.selected);
  if (written.some((r) => r.writeDisposition === 'merge')) {
    await guarded(database, commitsTable, async () => {
      const input = commitsTableInput(commitsTable, source.name, `s3://${target.bucket}/${commitsPrefix(prefix, source.name)}`);
      const existing = await owned(api, database, commitsTable, source.name);
      if (!existing) await api.createTable(database, input);
    });
    tables.push(commitsTable);
  }

  for (const resource of written) {
    const runs = manifests.filter((m) => m.resources[resource.name] && wroteResource(m, m.resources[resource.name]));
    if (runs.length === 0) continue;
    const name = glueTableName(source.name, resource.tableName);
    const result = await guarded(database, name, () => registerTable({ ...options, resource, runs, name, location: `${root}${resource.tableName}/`, commitsTable }));
    added += result.added;
    tables.push(name, currentViewName(name));
  }
  if (added > 0) logger.info('catalog: partitions registered', { database, partitions: added });
  return { database, ok: true, tables, partitions_added: added };

  async function registerTable(t: { resource: ResourceModel; runs: Manifest[]; name: string; location: string; commitsTable: string }): Promise<{ added: number }> {
    const existing = await owned(api, database, t.name, source.name);
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
    const input = dataTableInput(spec);
    if (!existing) await api.createTable(database, input);
    else if (existing.parameters[SCHEMA_PARAMETER] !== input.Parameters[SCHEMA_PARAMETER] || existing.columns.join() !== columns.map((c) => c.name).join()) await api.updateTable(database, input);

    const registered = new Set((existing ? await api.partitionValues(database, t.name) : []).map((v) => v.join('/')));
    const partitionOf = (run: Manifest) => partitionInput(spec, run.started_at.slice(0, 10), run.run_id);
    const missingRuns = t.runs.filter((run) => !registered.has(partitionOf(run).Values.join('/')));
    // A partition is a prefix that Athena reads whole: before it exists, its folder holds exactly the files its commit lists.
    for (const run of missingRuns) await purgeUnlisted({ store, prefix, run, resource: t.resource.name, tableName: t.resource.tableName, logger });
    const missing = missingRuns.map(partitionOf);
    if (missing.length > 0) await api.createPartitions(database, t.name, missing);
    // Athena checks a JSON table's partitions against the table column by column: a widened type goes to every partition.
    if (changes.length > 0) {
      const known = t.runs.map(partitionOf).filter((p) => registered.has(p.Values.join('/')));
      if (known.length > 0) await api.updatePartitions(database, t.name, known);
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
      latestRunId: t.runs.at(-1)?.run_id,
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
