/**
 * Run metrics in CloudWatch embedded metric format (Powertools Metrics): no API
 * call, one EMF line per resource and one per source when flushed. The same
 * class without Powertools only counts (the CLI's summary, tests).
 *
 * Metric names (namespace POWERTOOLS_METRICS_NAMESPACE, default `sluice`):
 * per `source` + `resource`: Records, Pages, Bytes, Files, Retries, DurationMs;
 * per `source`: Retries, TokenRequests, DurationMs, RunSucceeded (1 or 0,
 * the metric the CDK "no successful run" alarm watches) and, for a committed
 * run with a Glue database, CatalogRegistered (1, or 0 when registering it
 * failed after the commit: the data is committed, Athena does not show it yet).
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** A counter kept per resource (or per source when no resource is given). */
export type CounterName = 'records' | 'pages' | 'bytes' | 'files' | 'retries' | 'tokenRequests';

const NAMES: Record<CounterName | 'durationMs', { name: string; unit: (typeof MetricUnit)[keyof typeof MetricUnit] }> = {
  records: { name: 'Records', unit: MetricUnit.Count },
  pages: { name: 'Pages', unit: MetricUnit.Count },
  bytes: { name: 'Bytes', unit: MetricUnit.Bytes },
  files: { name: 'Files', unit: MetricUnit.Count },
  retries: { name: 'Retries', unit: MetricUnit.Count },
  tokenRequests: { name: 'TokenRequests', unit: MetricUnit.Count },
  durationMs: { name: 'DurationMs', unit: MetricUnit.Milliseconds },
};

type Bucket = Partial<Record<CounterName | 'durationMs', number>>;

// The source-level bucket; resource names cannot be empty.
const SOURCE = '';

/** Counts a run's work and publishes it as EMF. */
export class RunMetrics {
  private buckets = new Map<string, Bucket>();
  private succeeded: boolean | undefined;
  private registered: boolean | undefined;

  /**
   * @param source the source name (dimension `source`)
   * @param powertools where to publish; undefined: count only, {@link flush} prints nothing
   */
  constructor(
    readonly source: string,
    private readonly powertools?: Metrics,
  ) {}

  /** Adds `value` to a counter of `resource`, or of the source. */
  add(name: CounterName, value = 1, resource?: string): void {
    const bucket = this.bucket(resource ?? SOURCE);
    bucket[name] = (bucket[name] ?? 0) + value;
  }

  /** Sets how long a resource (or, without one, the whole invocation) took. */
  duration(ms: number, resource?: string): void {
    this.bucket(resource ?? SOURCE).durationMs = ms;
  }

  /** Records the run's outcome (`RunSucceeded` 1 or 0); a continued invocation records none. */
  outcome(succeeded: boolean): void {
    this.succeeded = succeeded;
  }

  /** Records whether the committed run's Glue registration succeeded (`CatalogRegistered` 1 or 0). */
  catalog(registered: boolean): void {
    this.registered = registered;
  }

  /** A counter's value, summed over resources when `resource` is omitted. */
  total(name: CounterName, resource?: string): number {
    if (resource !== undefined) return this.buckets.get(resource)?.[name] ?? 0;
    let sum = 0;
    for (const bucket of this.buckets.values()) sum += bucket[name] ?? 0;
    return sum;
  }

  /** Publishes everything counted since the last flush and starts again from zero. */
  flush(): void {
    const powertools = this.powertools;
    if (powertools) {
      if (this.succeeded !== undefined || this.registered !== undefined) this.bucket(SOURCE);
      for (const [resource, bucket] of this.buckets) {
        const entries = Object.entries(bucket) as Array<[CounterName | 'durationMs', number]>;
        const outcome = resource === SOURCE ? this.succeeded : undefined;
        const registered = resource === SOURCE ? this.registered : undefined;
        if (entries.length === 0 && outcome === undefined && registered === undefined) continue;
        powertools.addDimensions(resource === SOURCE ? { source: this.source } : { source: this.source, resource });
        for (const [key, value] of entries) powertools.addMetric(NAMES[key].name, NAMES[key].unit, value);
        if (outcome !== undefined) powertools.addMetric('RunSucceeded', MetricUnit.Count, outcome ? 1 : 0);
        if (registered !== undefined) powertools.addMetric('CatalogRegistered', MetricUnit.Count, registered ? 1 : 0);
        powertools.publishStoredMetrics();
      }
    }
    this.buckets = new Map();
    this.succeeded = undefined;
    this.registered = undefined;
  }

  private bucket(key: string): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = {};
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

/** A Powertools Metrics instance for the Lambda (namespace from POWERTOOLS_METRICS_NAMESPACE, else `sluice`). */
export function createEmfPublisher(serviceName?: string): Metrics {
  return new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'sluice',
    serviceName: serviceName ?? process.env.POWERTOOLS_SERVICE_NAME ?? 'sluice',
  });
}
