/**
 * The one stack of the app: the output bucket (new, or an existing one by
 * name), the Glue database the engine keeps its tables in, one
 * {@link Extractor} per source and the dashboard of them all.
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { defaultDatabaseName } from '../lambdas/catalog/glueNames';
import type { LoadedSource } from '../lambdas/config/loadSource';
import { Extractor, METRICS_NAMESPACE } from './Extractor';
import { ExtractorBucket } from './ExtractorBucket';
import { SluiceDashboard } from './SluiceDashboard';

/** Parts of the app a target may be unable to host; see {@link SluiceStackProps.omit}. */
export type OmittableResource = 'scheduler';

/** Props of {@link SluiceStack}. */
export interface SluiceStackProps extends StackProps {
  /** The loaded, validated sources (see `loadSources`). */
  readonly sources: readonly LoadedSource[];
  /**
   * Write to this existing bucket instead of creating one. Its encryption,
   * access and logging are then the owner's business (and an SSE-KMS key must
   * allow the functions' roles).
   * @default a new {@link ExtractorBucket}
   */
  readonly bucketName?: string;
  /**
   * Key prefix inside the bucket.
   * @default '' (keys start at `<source>/`)
   */
  readonly prefix?: string;
  /**
   * The Glue database the stack creates for the sources' tables (lower-case
   * letters, digits and `_`).
   * @default the stack name, Glue-safe (`Sluice` → `sluice`)
   */
  readonly databaseName?: string;
  /**
   * An SNS topic every alarm notifies.
   * @default none
   */
  readonly alarmTopicArn?: string;
  /**
   * Server access logs of a new bucket.
   * @default true
   */
  readonly accessLogs?: boolean;
  /**
   * Resources left out, for a local end-to-end deploy whose CloudFormation cannot host them.
   * @default [] (nothing)
   */
  readonly omit?: readonly OmittableResource[];
}

/** The sluice stack. */
export class SluiceStack extends Stack {
  /** Where runs write. */
  readonly bucket: s3.IBucket;
  /** One per source, by source name. */
  readonly extractors: ReadonlyMap<string, Extractor>;
  /** The Glue database of the sources' tables. */
  readonly database: glue.CfnDatabase;
  /** Its name. */
  readonly databaseName: string;
  /** Runs, records, duration and retries of every source. */
  readonly dashboard: SluiceDashboard;

  constructor(scope: Construct, id: string, props: SluiceStackProps) {
    super(scope, id, { description: 'sluice: scheduled REST API extractors, one Lambda function per source', ...props });
    this.bucket = props.bucketName
      ? s3.Bucket.fromBucketName(this, 'Bucket', props.bucketName)
      : new ExtractorBucket(this, 'Output', { accessLogs: props.accessLogs }).bucket;
    const alarmActions: cloudwatch.IAlarmAction[] = props.alarmTopicArn
      ? [new actions.SnsAction(sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn))]
      : [];
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName, description: 'The bucket the extractors write to' });
    this.databaseName = props.databaseName ?? defaultDatabaseName(this.stackName);
    this.database = new glue.CfnDatabase(this, 'Catalog', {
      catalogId: this.account,
      databaseInput: { name: this.databaseName, description: 'sluice: one table per extracted resource, partitioned by dt and run_id, committed runs only' },
    });
    new CfnOutput(this, 'DatabaseName', { value: this.databaseName, description: 'The Glue database of the extracted tables (Athena)' });

    const extractors = new Map<string, Extractor>();
    for (const { file, source } of props.sources) {
      const extractor = new Extractor(this, source.name, {
        source,
        sourceFile: file,
        bucket: this.bucket,
        prefix: props.prefix,
        database: this.databaseName,
        alarmActions,
        createSchedule: !(props.omit ?? []).includes('scheduler'),
      });
      // The function may create its tables as soon as it runs: after the database exists.
      extractor.function.node.addDependency(this.database);
      extractors.set(source.name, extractor);
      new CfnOutput(this, `FunctionOf${outputId(source.name)}`, {
        value: extractor.function.functionName,
        description: `The function of source ${source.name}`,
      });
    }
    this.extractors = extractors;
    this.dashboard = new SluiceDashboard(this, 'Dashboard', {
      dashboardName: this.stackName,
      metricsNamespace: METRICS_NAMESPACE,
      sources: [...extractors.values()].map((e) => ({ source: e.source, serviceName: e.serviceName })),
    });
  }
}

/** `acme-crm` → `AcmeCrm` (output ids are alphanumeric). */
function outputId(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
