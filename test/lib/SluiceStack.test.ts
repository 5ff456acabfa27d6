import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadSources } from '../../lib/loadSources';
import { SluiceStack } from '../../lib/SluiceStack';
import { FIXTURES, synthFixture, testApp } from './testApp';

describe('SluiceStack', () => {
  it('creates one extractor per source', () => {
    const { template } = synthFixture('basic');
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
  });

  it('creates an encrypted, private, TLS-only, versioned, retained bucket with access logs', () => {
    const { template } = synthFixture('basic');
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^OutputAccessLogs') }, LogFilePrefix: 'extractor-bucket/' },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } })],
        },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^OutputBucket') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('writes to an existing bucket instead, creating none', () => {
    const { template } = synthFixture('basic', { bucketName: 'existing-bucket' });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SLUICE_BUCKET: 'existing-bucket' }) } });
  });

  it('leaves the schedules out when told to omit the scheduler', () => {
    const { template } = synthFixture('basic', { omit: ['scheduler'] });
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::Lambda::Function', 2);
  });

  it('outputs the bucket and each function name', () => {
    const { template } = synthFixture('basic');
    template.hasOutput('BucketName', {});
    template.hasOutput('FunctionOfOpenData', { Value: { Ref: Match.stringLikeRegexp('^opendataFunction') } });
  });

  it.each([
    ['a new bucket', 'basic', {}],
    ['an existing bucket', 'basic', { bucketName: 'existing-bucket', prefix: 'raw' }],
    ['a bucket without access logs', 'basic', { accessLogs: false }],
    ['secrets with rotation', 'rotating', {}],
    ['a custom auth source', 'custom-auth', {}],
  ])('passes the AwsSolutions checks with no unacknowledged finding (%s)', (_label, dir, props) => {
    const stack = new SluiceStack(testApp(), 'Test', { sources: loadSources({ dir: join(FIXTURES, dir) }), ...props });
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => (r as { constructPath?: string }).constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('has no unresolved environment, so synth needs no credentials', () => {
    const stack = new SluiceStack(testApp(), 'Test', { sources: loadSources({ dir: join(FIXTURES, 'basic') }) });
    expect(stack.resolve(stack.account)).toEqual({ Ref: 'AWS::AccountId' });
    expect(Template.fromStack(stack).toJSON().Parameters?.BootstrapVersion).toBeDefined();
  });
});
