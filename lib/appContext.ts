/**
 * The CDK context the app reads (`cdk synth -c key=value` or `cdk.json`),
 * checked once, each problem naming its key.
 */
import type { App } from 'aws-cdk-lib';
import { ConfigValidationError } from '../lambdas/errors/ConfigValidationError';
import type { OmittableResource } from './SluiceStack';

/** The app's settings. */
export interface AppContext {
  /** `sources`: the sources directory. @default 'sources' */
  readonly sourcesDir: string;
  /** `stackName`. @default 'Sluice' */
  readonly stackName: string;
  /** `bucketName`: an existing bucket. @default a new bucket */
  readonly bucketName: string | undefined;
  /** `prefix`: key prefix. @default '' */
  readonly prefix: string;
  /** `databaseName`: the Glue database of the tables. @default the stack name, Glue-safe */
  readonly databaseName: string | undefined;
  /** `alarmTopicArn`: SNS topic for the alarms. @default none */
  readonly alarmTopicArn: string | undefined;
  /** `sluice:e2e-omit`: comma-separated resources to leave out (local end-to-end deploy only). @default none */
  readonly omit: readonly OmittableResource[];
}

const OMITTABLE: readonly OmittableResource[] = ['scheduler'];

/** Reads and checks the context. */
export function readAppContext(app: App): AppContext {
  const text = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new ConfigValidationError('cdk context', [{ path: key, message: `expected a string, got ${typeof value}` }]);
    return value;
  };
  const omit = (text('sluice:e2e-omit') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = omit.filter((o) => !(OMITTABLE as readonly string[]).includes(o));
  if (unknown.length > 0) {
    throw new ConfigValidationError('cdk context', [{ path: 'sluice:e2e-omit', message: `unknown ${unknown.join(', ')}; accepted: ${OMITTABLE.join(', ')}` }]);
  }
  return {
    sourcesDir: text('sources') ?? 'sources',
    stackName: text('stackName') ?? 'Sluice',
    bucketName: text('bucketName'),
    prefix: text('prefix') ?? '',
    databaseName: text('databaseName'),
    alarmTopicArn: text('alarmTopicArn'),
    omit: omit as OmittableResource[],
  };
}
