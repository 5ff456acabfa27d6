/**
 * The alarms of one extractor: function errors, events that ended in the
 * failed-events queue, and "no successful run within N schedule periods" from
 * the `RunSucceeded` metric the handler emits (EMF, 1 or 0 per finished run),
 * and, with a Glue database, a committed run whose registration failed
 * (`CatalogRegistered` 0: the data is committed, Athena does not show it).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { SourceModel } from '../lambdas/model';
import { missedRunsWindow } from './missedRunsWindow';
import { scheduleIntervalSeconds } from './scheduleInterval';

/** Props of {@link ExtractorAlarms}. */
export interface ExtractorAlarmsProps {
  readonly source: SourceModel;
  readonly function: lambda.IFunction;
  readonly failedEvents: sqs.IQueue;
  /** The handler's metric namespace (POWERTOOLS_METRICS_NAMESPACE). */
  readonly metricsNamespace: string;
  /** The handler's POWERTOOLS_SERVICE_NAME: Powertools adds it as the `service` dimension of every metric. */
  readonly serviceName: string;
  /** Actions of every alarm. */
  readonly alarmActions: readonly cloudwatch.IAlarmAction[];
  /** True when the function registers its runs in a Glue database: then registration failures alarm too. @default false */
  readonly catalog?: boolean;
}

/** The alarms of one extractor. */
export class ExtractorAlarms extends Construct {
  /** Any function error within 5 minutes. */
  readonly errors: cloudwatch.Alarm;
  /** Any message in the failed-events queue. */
  readonly failedEvents: cloudwatch.Alarm;
  /** No successful run within N schedule periods; undefined when the schedule is too sparse for CloudWatch. */
  readonly missedRuns: cloudwatch.Alarm | undefined;
  /** A committed run that could not be registered in the Glue database; undefined without one. */
  readonly catalogFailed: cloudwatch.Alarm | undefined;

  constructor(scope: Construct, id: string, props: ExtractorAlarmsProps) {
    super(scope, id);
    const name = props.source.name;
    this.errors = new cloudwatch.Alarm(this, 'Errors', {
      alarmDescription: `sluice ${name}: the function failed (see its log group)`,
      metric: props.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.failedEvents = new cloudwatch.Alarm(this, 'FailedEvents', {
      alarmDescription: `sluice ${name}: a scheduled run or continuation was given up (see the failed-events queue)`,
      metric: props.failedEvents.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const interval = props.source.schedule ? scheduleIntervalSeconds(props.source.schedule) : undefined;
    const periods = props.source.deploy.missedRunsAlarmPeriods;
    const window = interval === undefined ? undefined : missedRunsWindow(interval, periods);
    if (window) {
      this.missedRuns = new cloudwatch.Alarm(this, 'MissedRuns', {
        alarmDescription: `sluice ${name}: no successful run within ${periods} schedule periods (${props.source.schedule})`,
        metric: new cloudwatch.Metric({
          namespace: props.metricsNamespace,
          metricName: 'RunSucceeded',
          dimensionsMap: { service: props.serviceName, source: name },
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.seconds(window.periodSeconds),
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: window.evaluationPeriods,
        datapointsToAlarm: window.evaluationPeriods,
        // No datapoint means no run finished: that is exactly what this alarm is for.
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    }
    if (props.catalog) {
      this.catalogFailed = new cloudwatch.Alarm(this, 'CatalogFailed', {
        alarmDescription: `sluice ${name}: a committed run could not be registered in the Glue database (the data is committed; Athena does not show it until a run registers it)`,
        metric: new cloudwatch.Metric({
          namespace: props.metricsNamespace,
          metricName: 'CatalogRegistered',
          dimensionsMap: { service: props.serviceName, source: name },
          statistic: cloudwatch.Stats.MINIMUM,
          period: Duration.hours(1),
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // No datapoint means no run committed in the hour: nothing went unregistered.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    for (const alarm of [this.errors, this.failedEvents, this.missedRuns, this.catalogFailed]) {
      if (alarm && props.alarmActions.length > 0) alarm.addAlarmAction(...props.alarmActions);
    }
  }
}
