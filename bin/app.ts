#!/usr/bin/env node
/**
 * The CDK app: `cdk synth` / `cdk deploy` turn every source in `sources/` (or
 * `-c sources=<dir>`) into a scheduled extractor. It runs under tsx, so
 * TypeScript sources (and the custom auth types they register) load as they
 * are. No AWS call happens at synth: no lookups, and the environment stays
 * unresolved unless CDK_DEFAULT_ACCOUNT/REGION are set.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { isSluiceError } from '../lambdas/errors/SluiceError';
import { readAppContext } from '../lib/appContext';
import { loadSources } from '../lib/loadSources';
import { SluiceStack } from '../lib/SluiceStack';

function main(): void {
  const app = new App();
  const context = readAppContext(app);
  const sources = loadSources({ dir: context.sourcesDir });
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  new SluiceStack(app, context.stackName, {
    env: account || region ? { account, region } : undefined,
    sources,
    bucketName: context.bucketName,
    prefix: context.prefix,
    databaseName: context.databaseName,
    alarmTopicArn: context.alarmTopicArn,
    omit: context.omit,
  });
  // Every synth is checked against AWS Solutions; each suppression carries its reason in lib/.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
}

try {
  main();
} catch (error) {
  if (!isSluiceError(error)) throw error;
  // The same field-path message the CLI prints, without a stack trace.
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
