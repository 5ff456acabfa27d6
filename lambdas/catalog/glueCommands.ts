/**
 * The Glue client and the only commands the engine sends, re-exported by name
 * so that the bundler keeps just these: `GlueCatalogApi` loads this module on
 * first use, and reaching the commands through the whole SDK's namespace would
 * bundle every one of Glue's commands.
 */
export {
  BatchCreatePartitionCommand,
  BatchUpdatePartitionCommand,
  CreateTableCommand,
  EntityNotFoundException,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
