/**
 * The IAM statements a source's function needs, derived from the source and
 * nothing wider: its own SSM parameters, its own key prefix in the bucket,
 * KMS only through SSM, and in the Glue database only its own tables and
 * their `_current` views. A source without secrets gets no SSM statement at all.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { commitsTableName, currentViewName, glueTableName } from '../lambdas/catalog/glueNames';
import type { SourceModel } from '../lambdas/model';

/** What {@link sourcePolicyStatements} derives the statements from. */
export interface SourcePermissionsOptions {
  readonly source: SourceModel;
  readonly bucket: s3.IBucket;
  /** The normalized key prefix ('' or `raw`, without slashes). */
  readonly prefix: string;
  /** The Glue database the source's tables live in; undefined: no Glue statement. */
  readonly database?: string;
}

/**
 * What the engine does in the catalog (`lambdas/catalog/GlueCatalogApi.ts`, the
 * commands it sends, and a test keeps the two equal): read, create and update
 * its tables and views, read, add and update partitions. Never delete, and
 * never create a database: the stack creates it.
 */
export const CATALOG_ACTIONS = [
  'glue:GetTable',
  'glue:CreateTable',
  'glue:UpdateTable',
  'glue:GetPartitions',
  'glue:BatchCreatePartition',
  'glue:BatchUpdatePartition',
] as const;

/** The Glue tables of a source: one per written (selected) resource and its `_current` view, and the table over its commits. */
export function sourceCatalogTables(source: SourceModel): string[] {
  const tables = source.resources.filter((r) => r.selected).map((r) => glueTableName(source.name, r.tableName));
  return [...new Set([...tables.flatMap((t) => [t, currentViewName(t)]), commitsTableName(source.name)])].sort();
}

/** The ARN of the account's Glue catalog, a database in it, or a table of that database. */
export function catalogArn(scope: IConstruct, database?: string, table?: string): string {
  if (database === undefined) return Stack.of(scope).formatArn({ service: 'glue', resource: 'catalog' });
  return Stack.of(scope).formatArn({
    service: 'glue',
    resource: table === undefined ? 'database' : 'table',
    resourceName: table === undefined ? database : `${database}/${table}`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** The key root of a source: `<prefix>/<source>/`, or `<source>/` without a prefix (as `lambdas/commit/layout.ts` writes). */
export function sourceKeyRoot(prefix: string, source: string): string {
  return prefix ? `${prefix}/${source}/` : `${source}/`;
}

/** The ARN of an SSM parameter path (`/sluice/acme/token` → `arn:…:parameter/sluice/acme/token`). */
export function parameterArn(scope: IConstruct, path: string): string {
  return Stack.of(scope).formatArn({
    service: 'ssm',
    resource: 'parameter',
    resourceName: path.replace(/^\/+/, ''),
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** The statements of one source's function role (S3, Glue and SSM/KMS; logs and self-invoke are granted by the construct). */
export function sourcePolicyStatements(scope: IConstruct, options: SourcePermissionsOptions): iam.PolicyStatement[] {
  const { source, bucket, prefix } = options;
  const root = sourceKeyRoot(prefix, source.name);
  const statements = [
    new iam.PolicyStatement({
      sid: 'SourceObjects',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [bucket.arnForObjects(`${root}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'ListSourcePrefix',
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${root}*`] } },
    }),
  ];
  if (options.database !== undefined) {
    const database = options.database;
    statements.push(
      new iam.PolicyStatement({
        sid: 'SourceCatalogTables',
        // Glue authorizes a table action on the catalog, the database and the table alike,
        // so all three are named; the tables are this source's and no other's.
        actions: [...CATALOG_ACTIONS],
        resources: [catalogArn(scope), catalogArn(scope, database), ...sourceCatalogTables(source).map((t) => catalogArn(scope, database, t))],
      }),
    );
  }
  const read = [...new Set(source.secrets.map((s) => s.parameter))].sort();
  if (read.length === 0) return statements;
  const written = [...new Set(source.secrets.filter((s) => s.rotated).map((s) => s.parameter))].sort();
  statements.push(
    new iam.PolicyStatement({
      sid: 'ReadSourceParameters',
      // SsmSecretStore reads every parameter of a source in GetParameters batches and never calls GetParameter.
      actions: ['ssm:GetParameters'],
      resources: read.map((p) => parameterArn(scope, p)),
    }),
  );
  if (written.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'WriteRotatedTokens',
        actions: ['ssm:PutParameter'],
        resources: written.map((p) => parameterArn(scope, p)),
      }),
    );
  }
  statements.push(
    new iam.PolicyStatement({
      sid: 'KmsThroughSsmOnly',
      // The key of a SecureString is chosen by whoever created the parameter, so it is not known
      // at synth; kms:ViaService confines the grant to calls SSM makes on the function's behalf.
      actions: written.length > 0 ? ['kms:Decrypt', 'kms:Encrypt'] : ['kms:Decrypt'],
      resources: [Stack.of(scope).formatArn({ service: 'kms', resource: 'key', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
      conditions: { StringEquals: { 'kms:ViaService': `ssm.${Stack.of(scope).region}.amazonaws.com` } },
    }),
  );
  return statements;
}
