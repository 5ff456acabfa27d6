/**
 * The Glue calls the engine makes, and nothing more: the function's IAM grant
 * is exactly these actions (a test keeps the two equal). The SDK is loaded on
 * first use, so a run without a catalog never pays for it (a deployed function
 * only calls Glue after its commit).
 */
import type * as GlueCommands from './glueCommands';
import type { GlueClient, GlueClientConfig } from '@aws-sdk/client-glue';
import type { StorageInput, TableInputShape } from './tableInputs';

/** A table as read back: its parameters, columns and view text. */
export interface StoredTable {
  readonly parameters: Readonly<Record<string, string>>;
  readonly columns: readonly string[];
  readonly viewOriginalText?: string;
  readonly location?: string;
}

/** A partition to create or update. */
export interface PartitionShape {
  Values: string[];
  StorageDescriptor: StorageInput;
}

/** The engine's view of the Glue Data Catalog. */
export interface GlueCatalogApi {
  /** A table or view, or undefined when there is none. */
  getTable(database: string, name: string): Promise<StoredTable | undefined>;
  createTable(database: string, input: TableInputShape): Promise<void>;
  /** Replaces a table; with `skipArchive`, Glue keeps no archived version of the one replaced (a parameter-only change). */
  updateTable(database: string, input: TableInputShape, options?: { skipArchive?: boolean }): Promise<void>;
  /** The values (`[dt, run_id]`) of every partition of a table. */
  partitionValues(database: string, table: string): Promise<string[][]>;
  /** Creates partitions; one that already exists counts as created (a retried registration). */
  createPartitions(database: string, table: string, partitions: readonly PartitionShape[]): Promise<void>;
  /** Gives existing partitions new storage (their columns after a type was widened). */
  updatePartitions(database: string, table: string, partitions: readonly PartitionShape[]): Promise<void>;
  /** Closes the client's connections (a CLI run that is done, a test); the next call opens new ones. */
  close(): void;
}

// Glue takes at most 100 partitions per batch call.
const BATCH = 100;

/**
 * The catalog through the AWS SDK, loaded on first use.
 * @param config client settings (tests point it at moto); region and credentials from the environment otherwise
 */
export function sdkGlueCatalog(config: GlueClientConfig = {}): GlueCatalogApi {
  let loaded: Promise<{ client: GlueClient; sdk: typeof GlueCommands }> | undefined;
  const glue = async () => {
    // `require`, not `import()`: the CLI runs this file through tsx's CommonJS mode, which cannot `import()` a
    // TypeScript file (the load failed there, so `sluice run --glue-database` never registered anything).
    loaded ??= Promise.resolve().then(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
      const sdk = require('./glueCommands') as typeof GlueCommands;
      return { client: new sdk.GlueClient(config), sdk };
    });
    const attempt = loaded;
    // A failed load is not cached: the next call tries again.
    attempt.catch(() => {
      if (loaded === attempt) loaded = undefined;
    });
    return attempt;
  };
  return {
    close() {
      const open = loaded;
      loaded = undefined;
      void open?.then(({ client }) => client.destroy(), () => undefined);
    },
    async getTable(database, name) {
      const { client, sdk } = await glue();
      try {
        const { Table } = await client.send(new sdk.GetTableCommand({ DatabaseName: database, Name: name }));
        return {
          parameters: Table?.Parameters ?? {},
          columns: (Table?.StorageDescriptor?.Columns ?? []).map((c) => c.Name ?? ''),
          viewOriginalText: Table?.ViewOriginalText,
          location: Table?.StorageDescriptor?.Location,
        };
      } catch (error) {
        if (error instanceof sdk.EntityNotFoundException) return undefined;
        throw error;
      }
    },
    async createTable(database, input) {
      const { client, sdk } = await glue();
      await client.send(new sdk.CreateTableCommand({ DatabaseName: database, TableInput: input }));
    },
    async updateTable(database, input, options) {
      const { client, sdk } = await glue();
      await client.send(new sdk.UpdateTableCommand({ DatabaseName: database, TableInput: input, ...(options?.skipArchive ? { SkipArchive: true } : {}) }));
    },
    async partitionValues(database, table) {
      const { client, sdk } = await glue();
      const values: string[][] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new sdk.GetPartitionsCommand({ DatabaseName: database, TableName: table, NextToken: token }));
        for (const p of page.Partitions ?? []) values.push(p.Values ?? []);
        token = page.NextToken;
      } while (token);
      return values;
    },
    async createPartitions(database, table, partitions) {
      const { client, sdk } = await glue();
      for (let i = 0; i < partitions.length; i += BATCH) {
        const { Errors } = await client.send(
          new sdk.BatchCreatePartitionCommand({ DatabaseName: database, TableName: table, PartitionInputList: partitions.slice(i, i + BATCH).map((p) => ({ ...p })) }),
        );
        const failed = (Errors ?? []).filter((e) => e.ErrorDetail?.ErrorCode !== 'AlreadyExistsException');
        if (failed.length > 0) {
          throw new Error(`${failed.length} partition(s) not created: ${failed.map((e) => `${(e.PartitionValues ?? []).join('/')}: ${e.ErrorDetail?.ErrorCode} ${e.ErrorDetail?.ErrorMessage ?? ''}`.trim()).join('; ')}`);
        }
      }
    },
    async updatePartitions(database, table, partitions) {
      const { client, sdk } = await glue();
      for (let i = 0; i < partitions.length; i += BATCH) {
        const { Errors } = await client.send(
          new sdk.BatchUpdatePartitionCommand({
            DatabaseName: database,
            TableName: table,
            Entries: partitions.slice(i, i + BATCH).map((p) => ({ PartitionValueList: p.Values, PartitionInput: { ...p } })),
          }),
        );
        if ((Errors ?? []).length > 0) {
          throw new Error(`${(Errors ?? []).length} partition(s) not updated: ${(Errors ?? []).map((e) => `${(e.PartitionValueList ?? []).join('/')}: ${e.ErrorDetail?.ErrorCode} ${e.ErrorDetail?.ErrorMessage ?? ''}`.trim()).join('; ')}`);
        }
      }
    },
  };
}
