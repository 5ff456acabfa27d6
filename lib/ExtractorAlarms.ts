/**
 * The alarms of one extractor: function errors, events that ended in the
 * failed-events queue, and "no successful run within N schedule periods" from
 * the `RunSucceeded` metric the handler emits (EMF, 1 or 0 per finished run).
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
}

/** The alarms of one extractor. */
export class ExtractorAlarms extends Construct {
  /** Any function error within 5 minutes. */
  readonly errors: cloudwatch.Alarm;
  /** Any message in the failed-events queue. */
  readonly failedEvents: cloudwatch.Alarm;
  /** No successful run within N schedule periods; undefined when the schedule is too sparse for CloudWatch. */
  readonly missedRuns: cloudwatch.Alarm | undefined;

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
    for (const alarm of [this.errors, this.failedEvents, this.missedRuns]) {
      if (alarm && props.alarmActions.length > 0) alarm.addAlarmAction(...props.alarmActions);
    }
  }
}
