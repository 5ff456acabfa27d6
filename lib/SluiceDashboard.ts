/**
 * The CloudWatch dashboard of a stack: one row per source with its runs
 * succeeded and failed, records per resource, run duration and retries.
 *
 * It reads only the EMF metrics the handler already emits
 * (`lambdas/observability/metrics.ts`), with their exact names and dimensions:
 * Powertools adds `service` (the function's POWERTOOLS_SERVICE_NAME) to
 * `source`, and to `resource` for per-resource metrics (records, and the retries
 * of page requests; token requests count theirs per source). `RunSucceeded` is 1 or 0
 * per finished run, so its sum counts the runs that succeeded and its sample
 * count minus its sum the runs that failed; `CatalogRegistered` is the same
 * for the Glue registration of each committed run.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { SourceModel } from '../lambdas/model';

/** One source on the dashboard. */
export interface DashboardSource {
  readonly source: SourceModel;
  /** Its function's POWERTOOLS_SERVICE_NAME (the `service` dimension). */
  readonly serviceName: string;
}

/** Props of {@link SluiceDashboard}. */
export interface SluiceDashboardProps {
  /** The dashboard's name. */
  readonly dashboardName: string;
  /** The handler's metric namespace (POWERTOOLS_METRICS_NAMESPACE). */
  readonly metricsNamespace: string;
  /** The sources, one row each, in this order. */
  readonly sources: readonly DashboardSource[];
  /**
   * The period of every graph.
   * @default Duration.hours(1)
   */
  readonly period?: Duration;
}

/** The stack's dashboard. */
export class SluiceDashboard extends Construct {
  /** The dashboard. */
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: SluiceDashboardProps) {
    super(scope, id);
    const period = props.period ?? Duration.hours(1);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    for (const { source, serviceName } of props.sources) {
      const metric = (metricName: string, statistic: string, dimensions: Record<string, string> = {}, label?: string): cloudwatch.Metric =>
        new cloudwatch.Metric({
          namespace: props.metricsNamespace,
          metricName,
          dimensionsMap: { service: serviceName, source: source.name, ...dimensions },
          statistic,
          period,
          label,
        });
      const succeeded = metric('RunSucceeded', cloudwatch.Stats.SUM, {}, 'succeeded');
      const finished = metric('RunSucceeded', cloudwatch.Stats.SAMPLE_COUNT);
      const failed = new cloudwatch.MathExpression({ expression: 'finished - succeeded', usingMetrics: { finished, succeeded }, label: 'failed', period });
      const registered = metric('CatalogRegistered', cloudwatch.Stats.SUM, {}, 'registered');
      const attempted = metric('CatalogRegistered', cloudwatch.Stats.SAMPLE_COUNT);
      const unregistered = new cloudwatch.MathExpression({ expression: 'attempted - registered', usingMetrics: { attempted, registered }, label: 'registration failed', period });
      const written = source.resources.filter((r) => r.selected);
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({ title: `${source.name}: runs`, left: [succeeded, failed], width: 6, stacked: true }),
        new cloudwatch.GraphWidget({
          title: `${source.name}: records`,
          left: written.map((r) => metric('Records', cloudwatch.Stats.SUM, { resource: r.name }, r.name)),
          width: 6,
        }),
        new cloudwatch.GraphWidget({
          title: `${source.name}: duration (ms)`,
          left: [metric('DurationMs', cloudwatch.Stats.AVERAGE, {}, 'average'), metric('DurationMs', cloudwatch.Stats.MAXIMUM, {}, 'maximum')],
          width: 6,
        }),
        new cloudwatch.GraphWidget({
          title: `${source.name}: retries`,
          // Page requests count their retries per resource; token requests, at the source level.
          left: [
            ...source.resources.map((r) => metric('Retries', cloudwatch.Stats.SUM, { resource: r.name }, r.name)),
            metric('Retries', cloudwatch.Stats.SUM, {}, 'token requests'),
          ],
          width: 6,
        }),
        new cloudwatch.GraphWidget({ title: `${source.name}: Glue registration`, left: [registered, unregistered], width: 6, stacked: true }),
      );
    }
  }
}
