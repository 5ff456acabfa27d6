/**
 * A fresh Glue database and bucket in moto for each test, and the readers the
 * catalog tests check registrations with. Call {@link useMotoGlue} at the top of
 * a file or `describe`: it installs the jest hooks that create the database and
 * bucket before each test and close the clients after the last one. Names are
 * unique, as test files share one moto server.
 */
import { CreateDatabaseCommand, GetPartitionsCommand, GetTableCommand, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import type { Table } from '@aws-sdk/client-glue';
import { sdkGlueCatalog } from '../../lambdas/catalog/GlueCatalogApi';
import type { GlueCatalogApi } from '../../lambdas/catalog/GlueCatalogApi';
import { S3Store } from '../../lambdas/sink/S3Store';
import { createTestBucket, motoEndpoint, testS3Client, uniqueName } from './aws';

/** A partition as the tests compare it. */
export interface PartitionView {
  readonly values?: string[];
  readonly location?: string;
  /** `name type` per column. */
  readonly columns?: string[];
}

/** The database and bucket of the running test, and readers of what was registered. */
export interface MotoGlue {
  /** The Glue database of the running test (created empty before it). */
  readonly database: string;
  /** The bucket of the running test (created empty before it). */
  readonly bucket: string;
  /** The engine's store over {@link bucket}. */
  readonly store: S3Store;
  /** The engine's catalog client, on moto. */
  readonly catalog: GlueCatalogApi;
  /** A plain SDK client, for reading back (never the engine's). */
  readonly glue: GlueClient;
  /** The names of the database's tables and views, sorted. */
  tableNames(): Promise<string[]>;
  /** A table or view, or undefined. */
  table(name: string): Promise<Table | undefined>;
  /** The partitions of a table, sorted by their values. */
  partitions(name: string): Promise<PartitionView[]>;
  /** The run ids of a table's partitions, sorted. */
  runIdsOf(name: string): Promise<string[]>;
}

/**
 * Installs the hooks and returns the fixture; its `database`, `bucket` and
 * `store` change with each test, so read them inside the test.
 * @param prefix the database name's prefix (Glue names: letters, digits, `_`)
 */
export function useMotoGlue(prefix = 'sluicedb'): MotoGlue {
  let glue: GlueClient | undefined;
  let catalog: GlueCatalogApi | undefined;
  let current: { database: string; bucket: string; store: S3Store } | undefined;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useMotoGlue: ${what} is only there inside a test (the fixture's hooks create it)`);
    return value;
  };

  beforeAll(() => {
    glue = new GlueClient({ endpoint: motoEndpoint(), region: 'us-east-1' });
    catalog = sdkGlueCatalog({ endpoint: motoEndpoint(), region: 'us-east-1' });
  });
  afterAll(() => {
    glue?.destroy();
    catalog?.close();
  });
  beforeEach(async () => {
    const database = uniqueName(prefix).replace(/-/g, '_');
    await need(glue, 'the Glue client').send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }));
    const bucket = await createTestBucket();
    current = { database, bucket, store: new S3Store({ bucket, client: testS3Client() }) };
  });

  const fixture: MotoGlue = {
    get database() {
      return need(current, 'the database').database;
    },
    get bucket() {
      return need(current, 'the bucket').bucket;
    },
    get store() {
      return need(current, 'the store').store;
    },
    get catalog() {
      return need(catalog, 'the catalog client');
    },
    get glue() {
      return need(glue, 'the Glue client');
    },
    async tableNames() {
      return ((await fixture.glue.send(new GetTablesCommand({ DatabaseName: fixture.database }))).TableList ?? []).map((t) => t.Name ?? '').sort();
    },
    async table(name) {
      return (await fixture.glue.send(new GetTableCommand({ DatabaseName: fixture.database, Name: name }))).Table;
    },
    async partitions(name) {
      return ((await fixture.glue.send(new GetPartitionsCommand({ DatabaseName: fixture.database, TableName: name }))).Partitions ?? [])
        .map((p) => ({ values: p.Values, location: p.StorageDescriptor?.Location, columns: p.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`) }))
        .sort((a, b) => String(a.values).localeCompare(String(b.values)));
    },
    async runIdsOf(name) {
      return (await fixture.partitions(name)).map((p) => p.values?.[1] ?? '').sort();
    },
  };
  return fixture;
}
