/**
 * One deployed extractor: the shared handler bundled with one source's
 * definition, started by EventBridge Scheduler, allowed exactly what the
 * source needs, and watched by alarms.
 *
 * @example
 * const { file, source } = loadSourceFile('sources/acme.json', { requireSchedule: true });
 * new Extractor(stack, 'acme', { source, sourceFile: file, bucket, prefix: 'raw' });
 */
import { join } from 'node:path';
import { Annotations, AssetHashType, Duration, Stack, Tags, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConfigValidationError } from '../lambdas/errors/ConfigValidationError';
import { acknowledgeWildcardResources } from './acknowledgeWildcards';
import { ExtractorAlarms } from './ExtractorAlarms';
import { BUILD_SCRIPT, bundleHandlerEntry, PROJECT_ROOT, writeHandlerEntry } from './handlerEntry';
import type { SourceModel } from '../lambdas/model';
import type { ExtractorProps } from './ExtractorProps';
import { validateExtractorProps } from './validateExtractorProps';
import { sourcePolicyStatements } from './sourcePermissions';

export type { ExtractorProps } from './ExtractorProps';

/** The CloudWatch namespace of the handler's metrics (POWERTOOLS_METRICS_NAMESPACE). */
export const METRICS_NAMESPACE = 'sluice';

/** A missing local esbuild would leave the asset to Docker bundling; sluice never bundles in Docker. */
function assertLocalEsbuild(sourceFile: string): void {
  try {
    require.resolve('esbuild/package.json', { paths: [PROJECT_ROOT] });
  } catch {
    throw new ConfigValidationError(sourceFile, [{ path: '', message: `esbuild is not installed in ${PROJECT_ROOT} (run \`npm ci\`); sluice bundles locally, never in Docker` }]);
  }
}

/**
 * The function's code: the entry bundled locally as `index.js` (the asset
 * holds only that file), the way `NodejsFunction` bundles, but through
 * esbuild's API (`bundleHandlerEntry`: its plugin drops the SDK clients'
 * unused schemas). The hash is the bundle's, so an unchanged bundle is not
 * uploaded again; the command names the entry, so that two sources' assets
 * never share CDK's bundling cache, and says what the local bundling runs.
 */
function handlerCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: lambda.Runtime.NODEJS_22_X.bundlingImage,
      command: ['node', BUILD_SCRIPT, entry],
      local: {
        tryBundle(outputDir: string): boolean {
          bundleHandlerEntry({ entryPoints: [entry], outfile: join(outputDir, 'index.js') });
          return true;
        },
      },
    },
  });
}

/** A scheduled, least-privileged Lambda function for one source. */
export class Extractor extends Construct {
  /** The function (named by CloudFormation; found through its `sluice:source` tag). */
  readonly function: lambda.Function;
  /** The function's log group. */
  readonly logGroup: logs.LogGroup;
  /** Events that failed: scheduler deliveries (dead letters) and failed async invocations. */
  readonly failedEvents: sqs.Queue;
  /** The schedule, unless `createSchedule` is false. */
  readonly schedule: scheduler.Schedule | undefined;
  /** The alarms. */
  readonly alarms: ExtractorAlarms;
  /** The source it extracts. */
  readonly source: SourceModel;
  /** The function's POWERTOOLS_SERVICE_NAME, the `service` dimension of every metric it emits. */
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ExtractorProps) {
    super(scope, id);
    const settings = validateExtractorProps(props);
    assertLocalEsbuild(props.sourceFile);
    const { source } = props;
    this.source = source;
    Tags.of(this).add('sluice:source', source.name);

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: settings.logRetention });
    this.failedEvents = new sqs.Queue(this, 'FailedEvents', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failedEvents).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of the schedule and of failed async invocations.',
    });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `sluice extractor of source ${source.name}`,
    });
    const statements = sourcePolicyStatements(this, { source, bucket: props.bucket, prefix: settings.prefix, database: props.database });
    for (const statement of statements) role.addToPolicy(statement);
    acknowledgeWildcardResources(
      role,
      statements.flatMap((s) => s.resources.filter((r) => r.endsWith('*'))),
      "Confined wildcards: objects under this source's own key prefix only (<prefix>/<source>/*), and KMS keys only through SSM (kms:ViaService), since a SecureString's key is not known at synth.",
    );
    this.logGroup.grantWrite(role);

    const serviceName = `sluice-${source.name}`;
    this.serviceName = serviceName;
    const entry = writeHandlerEntry({ name: source.name, sourceFile: props.sourceFile, validated: source, dir: props.entriesDir ?? join(PROJECT_ROOT, 'cdk.out', '.sluice-entries') });
    this.function = new lambda.Function(this, 'Function', {
      code: handlerCode(entry),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: settings.memorySize,
      timeout: settings.timeout,
      // Two runs of one source must never overlap (state, part numbering); a run that
      // arrives while one is going waits in Lambda's async queue.
      reservedConcurrentExecutions: 1,
      role,
      logGroup: this.logGroup,
      description: `sluice extractor: ${source.name} (${source.schedule})`,
      environment: {
        SLUICE_SOURCE: source.name,
        SLUICE_BUCKET: props.bucket.bucketName,
        SLUICE_PREFIX: settings.prefix,
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...(props.database === undefined ? {} : { SLUICE_GLUE_DATABASE: props.database }),
      },
      // Retries and the failure destination of scheduled runs and continuations.
      retryAttempts: settings.retryAttempts,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.failedEvents),
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is pinned on purpose: it is the Node version the engine and its bundle are tested on; raise it together with the test matrix.',
    });
    // A separate policy, not the role's default one: the function depends on the default
    // policy, so its own ARN there would be a circular reference.
    new iam.Policy(this, 'SelfInvoke', {
      roles: [role],
      statements: [new iam.PolicyStatement({ sid: 'ContinueRun', actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] })],
    });

    if (settings.createSchedule) {
      const scheduleRole = new iam.Role(this, 'ScheduleRole', {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
        description: `EventBridge Scheduler: starts the sluice extractor of ${source.name}`,
      });
      this.schedule = new scheduler.Schedule(this, 'Schedule', {
        schedule: scheduler.ScheduleExpression.expression(settings.schedule, TimeZone.of(source.timezone)),
        description: `sluice: scheduled run of ${source.name}`,
        timeWindow: scheduler.TimeWindow.off(),
        target: new targets.LambdaInvoke(this.function, {
          input: scheduler.ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
          role: scheduleRole,
          deadLetterQueue: this.failedEvents,
          retryAttempts: settings.scheduleRetryAttempts,
          maxEventAge: settings.scheduleMaxEventAge,
        }),
      });
      acknowledgeWildcardResources(
        scheduleRole,
        [`${this.function.functionArn}:*`],
        "CDK's grantInvoke for the scheduler target covers this function and its versions (<function ARN>:*); nothing else.",
      );
    }

    this.alarms = new ExtractorAlarms(this, 'Alarms', {
      source,
      function: this.function,
      failedEvents: this.failedEvents,
      metricsNamespace: METRICS_NAMESPACE,
      serviceName,
      alarmActions: props.alarmActions ?? [],
      catalog: props.database !== undefined,
    });
    if (!this.alarms.missedRuns) {
      Annotations.of(this).addWarningV2(
        'sluice:missed-runs-alarm',
        `${props.sourceFile}: no "no successful run" alarm: schedule ${source.schedule} repeats less often than CloudWatch can watch (${source.deploy.missedRunsAlarmPeriods} periods must fit in 7 days)`,
      );
    }
  }
}
