/**
 * Checks the props of an {@link Extractor} once, in the constructor, and
 * returns them with every default applied. Each problem names the prop (or the
 * source field it came from) and the source file.
 */
import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { glueName } from '../lambdas/catalog/glueNames';
import type { ConfigIssue } from '../lambdas/errors/ConfigValidationError';
import { ConfigValidationError } from '../lambdas/errors/ConfigValidationError';
import { scheduleProblems } from '../lambdas/schedule/validateSchedule';
import type { ExtractorProps } from './ExtractorProps';

/** The extractor's settings, defaults applied. */
export interface ExtractorSettings {
  readonly schedule: string;
  readonly prefix: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly retryAttempts: number;
  readonly scheduleRetryAttempts: number;
  readonly scheduleMaxEventAge: Duration;
  readonly createSchedule: boolean;
}

const RETENTION_DAYS = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0);

/** Normalizes a key prefix: surrounding slashes dropped (`/raw/` → `raw`). */
export function normalizePrefix(prefix: string | undefined): string {
  return (prefix ?? '').replace(/^\/+|\/+$/g, '');
}

/**
 * Validates the props.
 * @throws ConfigValidationError naming every invalid prop
 */
export function validateExtractorProps(props: ExtractorProps): ExtractorSettings {
  const issues: ConfigIssue[] = [];
  const deploy = props.source.deploy;
  if (!props.source.schedule) {
    issues.push({ path: 'schedule', message: 'required to deploy: an EventBridge Scheduler expression such as "rate(1 hour)" or "cron(0 2 * * ? *)"' });
  } else {
    // A source built in code never went through validateSource; synth checks the expression with the same parser.
    for (const problem of scheduleProblems(props.source.schedule)) issues.push({ path: 'schedule', message: problem });
  }
  const prefix = normalizePrefix(props.prefix);
  if (prefix && (!/^[A-Za-z0-9!_.*'()\-/]+$/.test(prefix) || prefix.includes('//'))) {
    issues.push({ path: 'prefix', message: `"${props.prefix}" is not a usable key prefix; use letters, digits and !_.*'()-, with "/" between parts (e.g. "raw" or "landing/apis")` });
  }
  if (props.database !== undefined && (props.database.length === 0 || props.database.length > 255 || glueName(props.database) !== props.database)) {
    issues.push({ path: 'database', message: `"${props.database}" is not a Glue database name Athena can query; use 1 to 255 lower-case letters, digits and _ (e.g. "${glueName(props.database) || 'sluice'}")` });
  }
  const memorySize = props.memorySize ?? deploy.memoryMb;
  if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) {
    issues.push({ path: props.memorySize === undefined ? 'deploy.memory_mb' : 'memorySize', message: `${memorySize}: Lambda memory is a whole number of MB from 128 to 10240` });
  }
  const timeout = props.timeout ?? Duration.seconds(deploy.timeoutSeconds);
  if (timeout.toSeconds() < 10 || timeout.toSeconds() > 900) {
    issues.push({ path: props.timeout === undefined ? 'deploy.timeout_seconds' : 'timeout', message: `${timeout.toSeconds()} s: a paging extractor's timeout is 10 to 900 seconds` });
  }
  const days = props.logRetentionDays ?? deploy.logRetentionDays;
  if (!RETENTION_DAYS.includes(days)) {
    issues.push({
      path: props.logRetentionDays === undefined ? 'deploy.log_retention_days' : 'logRetentionDays',
      message: `${days} is not a CloudWatch Logs retention; accepted: ${[...RETENTION_DAYS].sort((a, b) => a - b).join(', ')}`,
    });
  }
  const retryAttempts = props.retryAttempts ?? 2;
  if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 2) {
    issues.push({ path: 'retryAttempts', message: `${retryAttempts}: Lambda retries an asynchronous invocation 0, 1 or 2 times` });
  }
  const scheduleRetryAttempts = props.scheduleRetryAttempts ?? 3;
  if (!Number.isInteger(scheduleRetryAttempts) || scheduleRetryAttempts < 0 || scheduleRetryAttempts > 185) {
    issues.push({ path: 'scheduleRetryAttempts', message: `${scheduleRetryAttempts}: EventBridge Scheduler retries 0 to 185 times` });
  }
  const scheduleMaxEventAge = props.scheduleMaxEventAge ?? Duration.hours(1);
  if (scheduleMaxEventAge.toSeconds() < 60 || scheduleMaxEventAge.toSeconds() > 86_400) {
    issues.push({ path: 'scheduleMaxEventAge', message: `${scheduleMaxEventAge.toSeconds()} s: EventBridge Scheduler keeps an event 1 minute to 24 hours` });
  }
  if (issues.length > 0) throw new ConfigValidationError(props.sourceFile, issues);
  return {
    schedule: props.source.schedule ?? '',
    prefix,
    memorySize,
    timeout,
    logRetention: days as logs.RetentionDays,
    retryAttempts,
    scheduleRetryAttempts,
    scheduleMaxEventAge,
    createSchedule: props.createSchedule ?? true,
  };
}
