/** Props of the `Extractor` construct: what to deploy and how, each with its default. */
import type { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { SourceModel } from '../lambdas/model';

/** Props of `Extractor`. */
export interface ExtractorProps {
  /** The validated source; it must have a `schedule`. */
  readonly source: SourceModel;
  /**
   * The file the source was loaded from (`.json` or `.ts`), named in messages. A TypeScript
   * source is bundled from this file (it may register auth types); a JSON source is bundled
   * as the validated, normalized `source`.
   */
  readonly sourceFile: string;
  /** The bucket runs write to; the function may touch only `<prefix>/<source>/` in it. */
  readonly bucket: s3.IBucket;
  /**
   * The Glue database the engine keeps this source's tables in. The function
   * gets `SLUICE_GLUE_DATABASE` and may change only its own source's tables
   * (and their `_current` views) and their partitions there.
   * @default none: no catalog access
   */
  readonly database?: string;
  /**
   * Key prefix inside the bucket, without leading or trailing slash.
   * @default '' (keys start at `<source>/`)
   */
  readonly prefix?: string;
  /**
   * Lambda memory in MB.
   * @default the source's `deploy.memory_mb` (1024)
   */
  readonly memorySize?: number;
  /**
   * Lambda timeout.
   * @default the source's `deploy.timeout_seconds` (900, the maximum, so continuation rarely triggers)
   */
  readonly timeout?: Duration;
  /**
   * Days to keep the function's logs; one of CloudWatch's retention values.
   * @default the source's `deploy.log_retention_days` (30)
   */
  readonly logRetentionDays?: number;
  /**
   * Lambda's retries of a failed asynchronous invocation (0–2). A retried
   * continuation resumes from its checkpoint.
   * @default 2
   */
  readonly retryAttempts?: number;
  /**
   * EventBridge Scheduler's retries of an invocation it could not deliver (0–185).
   * @default 3
   */
  readonly scheduleRetryAttempts?: number;
  /**
   * How long Scheduler keeps retrying a delivery before the dead-letter queue (1 minute – 24 hours).
   * @default Duration.hours(1)
   */
  readonly scheduleMaxEventAge?: Duration;
  /**
   * Actions of every alarm (an SNS topic, say).
   * @default none: the alarms only change state
   */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
  /**
   * Create the EventBridge schedule. Off only where the target cannot host it
   * (the local end-to-end deploy); the function can still be invoked by hand.
   * @default true
   */
  readonly createSchedule?: boolean;
  /**
   * Where the generated bundle entry is written; must lie under the project root.
   * @default `<project>/cdk.out/.sluice-entries`
   */
  readonly entriesDir?: string;
}

