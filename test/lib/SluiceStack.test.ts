import { readFileSync } from 'node:fs';
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

  describe('Glue database', () => {
    it('creates one database named after the stack, in the account catalog, before any function', () => {
      const { template } = synthFixture('basic');
      template.resourceCountIs('AWS::Glue::Database', 1);
      template.hasResourceProperties('AWS::Glue::Database', { CatalogId: { Ref: 'AWS::AccountId' }, DatabaseInput: Match.objectLike({ Name: 'test' }) });
      const [databaseId] = Object.keys(template.findResources('AWS::Glue::Database'));
      for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) expect(fn.DependsOn).toContain(databaseId);
      template.hasOutput('DatabaseName', { Value: 'test' });
    });

    it('tells every function its name, and takes the name given', () => {
      const { template } = synthFixture('basic', { databaseName: 'raw_apis' });
      template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: Match.objectLike({ Name: 'raw_apis' }) });
      const variables = Object.values(template.findResources('AWS::Lambda::Function')).map((f) => f.Properties.Environment.Variables.SLUICE_GLUE_DATABASE);
      expect(variables).toEqual(['raw_apis', 'raw_apis']);
    });

    it('names a stack database Glue-safe', () => {
      const stack = new SluiceStack(testApp(), 'Acme-Extract', { sources: loadSources({ dir: join(FIXTURES, 'basic') }) });
      Template.fromStack(stack).hasResourceProperties('AWS::Glue::Database', { DatabaseInput: Match.objectLike({ Name: 'acme_extract' }) });
    });
  });

  describe('dashboard', () => {
    type Widget = { properties: { title: string; metrics: unknown[][] } };
    function widgets(template: Template): Widget[] {
      const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
      // The body is a Fn::Join of literal JSON text and tokens (region); the tokens sit in strings only.
      const body = (dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : 'us-east-1')).join('');
      return (JSON.parse(body) as { widgets: Widget[] }).widgets;
    }

    it('is one per stack, named after it', () => {
      const { template } = synthFixture('catalog');
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Test' });
    });

    type Series = { metric?: string; dimensions?: Record<string, string>; expression?: string; label?: string; stat?: string; hidden?: boolean };
    /** A graph's metric rows as what they mean: `['...', opts]` repeats the previous metric, dimensions come in any order. */
    function series(rows: unknown[][]): Series[] {
      let previous: unknown[] = [];
      return rows.map((row) => {
        const last = row[row.length - 1];
        const options = (typeof last === 'object' ? last : {}) as { label?: string; stat?: string; expression?: string; visible?: boolean };
        const parts = row[0] === '...' ? previous : row.slice(0, typeof last === 'object' ? -1 : undefined);
        previous = parts;
        const common = { label: options.label, stat: options.stat ?? 'Average', ...(options.visible === false ? { hidden: true } : {}) };
        if (options.expression) return { expression: options.expression, label: options.label };
        expect(parts[0]).toBe('sluice');
        const dimensions: Record<string, string> = {};
        for (let i = 2; i < parts.length; i += 2) dimensions[parts[i] as string] = parts[i + 1] as string;
        return { metric: parts[1] as string, dimensions, ...common };
      });
    }

    it('shows per source runs succeeded and failed, records per written resource, duration, retries and Glue registrations, from the emitted metrics', () => {
      const { template } = synthFixture('catalog');
      const shop = widgets(template).filter((w) => w.properties.title.startsWith('shop-eu:'));
      expect(shop.map((w) => w.properties.title)).toEqual(['shop-eu: runs', 'shop-eu: records', 'shop-eu: duration (ms)', 'shop-eu: retries', 'shop-eu: Glue registration']);
      const [runs, records, duration, retries, catalog] = shop.map((w) => series(w.properties.metrics));
      // Powertools dimensions: service (POWERTOOLS_SERVICE_NAME) and source, plus resource for per-resource metrics.
      const source = { service: 'sluice-shop-eu', source: 'shop-eu' };
      expect(runs).toEqual([
        { metric: 'RunSucceeded', dimensions: source, label: 'succeeded', stat: 'Sum' },
        { expression: 'finished - succeeded', label: 'failed' },
        { metric: 'RunSucceeded', dimensions: source, label: undefined, stat: 'SampleCount', hidden: true },
      ]);
      expect(records).toEqual(['customer-orders', 'products'].map((r) => ({ metric: 'Records', dimensions: { ...source, resource: r }, label: r, stat: 'Sum' })));
      expect(duration).toEqual([
        { metric: 'DurationMs', dimensions: source, label: 'average', stat: 'Average' },
        { metric: 'DurationMs', dimensions: source, label: 'maximum', stat: 'Maximum' },
      ]);
      expect(retries).toEqual([
        ...['customers', 'customer-orders', 'products'].map((r) => ({ metric: 'Retries', dimensions: { ...source, resource: r }, label: r, stat: 'Sum' })),
        { metric: 'Retries', dimensions: source, label: 'token requests', stat: 'Sum' },
      ]);
      expect(catalog).toEqual([
        { metric: 'CatalogRegistered', dimensions: source, label: 'registered', stat: 'Sum' },
        { expression: 'attempted - registered', label: 'registration failed' },
        { metric: 'CatalogRegistered', dimensions: source, label: undefined, stat: 'SampleCount', hidden: true },
      ]);
      // Hourly, on every series (a row repeating the previous metric carries its own options).
      for (const row of shop.flatMap((w) => w.properties.metrics)) expect(row[row.length - 1]).toMatchObject({ period: 3600 });
      expect(widgets(template).filter((w) => w.properties.title.startsWith('other:'))).toHaveLength(5);
    });

    it('names only metrics the handler emits', () => {
      const emitted = readFileSync(join(__dirname, '..', '..', 'lambdas', 'observability', 'metrics.ts'), 'utf8');
      const { template } = synthFixture('catalog');
      const names = new Set(widgets(template).flatMap((w) => series(w.properties.metrics)).flatMap((s) => (s.metric ? [s.metric] : [])));
      expect([...names].sort()).toEqual(['CatalogRegistered', 'DurationMs', 'Records', 'Retries', 'RunSucceeded']);
      for (const name of names) expect(emitted).toContain(`'${name}'`);
    });
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
