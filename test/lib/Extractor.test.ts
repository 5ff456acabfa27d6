import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { loadSourceFile } from '../../lambdas/config/loadSource';
import type { ExtractorProps } from '../../lib/Extractor';
import { Extractor } from '../../lib/Extractor';
import { CATALOG_ACTIONS } from '../../lib/sourcePermissions';
import { FIXTURES, synthFixture, testApp } from './testApp';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** Every statement of the policies attached to the role of `source`'s function. */
function statementsOf(template: Template, source: string): Statement[] {
  const pattern = new RegExp(`^${source.replace(/-/g, '')}Role[0-9A-F]{8}$`);
  const roleId = Object.keys(template.findResources('AWS::IAM::Role')).find((id) => pattern.test(id));
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
    JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(`"${roleId}"`),
  );
  return policies.flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

const parameterArn = (path: string): unknown => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:parameter${path}`]],
});

const glueArn = (resource: string): unknown => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]],
});

function extractorProps(file: string, props: Partial<ExtractorProps> = {}): { stack: Stack; props: ExtractorProps } {
  const stack = new Stack(testApp(), 'Test');
  const { source } = loadSourceFile(join(FIXTURES, file), { requireSchedule: true });
  return { stack, props: { source, sourceFile: file, bucket: s3.Bucket.fromBucketName(stack, 'B', 'out-bucket'), ...props } };
}

describe('Extractor', () => {
  describe('function', () => {
    it('runs the bundled handler on nodejs22.x arm64 with the source defaults and one concurrent run', () => {
      const { template } = synthFixture('basic');
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1024,
        Timeout: 900,
        ReservedConcurrentExecutions: 1,
        Environment: {
          Variables: {
            SLUICE_SOURCE: 'acme',
            SLUICE_BUCKET: { Ref: Match.stringLikeRegexp('^OutputBucket') },
            SLUICE_PREFIX: '',
            POWERTOOLS_SERVICE_NAME: 'sluice-acme',
            POWERTOOLS_METRICS_NAMESPACE: 'sluice',
            SLUICE_GLUE_DATABASE: 'test',
            // No --enable-source-maps: parsing the map would cost every cold start; names are kept instead.
            NODE_OPTIONS: Match.absent(),
          },
        },
        Tags: Match.arrayWith([{ Key: 'sluice:source', Value: 'acme' }]),
      });
    });

    it('takes memory, timeout and log retention from the source deploy block', () => {
      const { template } = synthFixture('basic');
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ SLUICE_SOURCE: 'open-data' }) },
        MemorySize: 512,
        Timeout: 300,
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    it('does not put the definition into environment variables', () => {
      const { template } = synthFixture('basic');
      const variables = Object.values(template.findResources('AWS::Lambda::Function')).map((f) => JSON.stringify(f.Properties.Environment.Variables));
      for (const v of variables) expect(v).not.toMatch(/base_url|resources/);
    });

    it('sets the normalized prefix', () => {
      const { template } = synthFixture('basic', { prefix: '/raw/apis/' });
      template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SLUICE_PREFIX: 'raw/apis' }) } });
    });

    it('retries failed async invocations a bounded number of times and keeps failed events in an encrypted queue', () => {
      const { template } = synthFixture('basic');
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 21_600,
        Qualifier: '$LATEST',
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^acmeFailedEvents'), 'Arn'] } } },
      });
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });
  });

  describe('schedule', () => {
    it('invokes the function with the scheduled payload, the source expression and time zone, retries and a dead-letter queue', () => {
      const { template } = synthFixture('basic');
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 2 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/Berlin',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^opendataFunction'), 'Arn'] },
          Input: JSON.stringify({ trigger: 'schedule' }),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^opendataFailedEvents'), 'Arn'] } },
          RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^opendataScheduleRole'), 'Arn'] },
        },
      });
    });

    it('uses UTC when the source names no time zone', () => {
      const { template } = synthFixture('basic');
      template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)', ScheduleExpressionTimezone: 'UTC' });
    });

    it('lets only the scheduler of this account assume the schedule role', () => {
      const { template } = synthFixture('basic');
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })],
        },
      });
    });

    it('is left out when createSchedule is false', () => {
      const { stack, props } = extractorProps('basic/acme.json', { createSchedule: false });
      new Extractor(stack, 'acme', props);
      Template.fromStack(stack).resourceCountIs('AWS::Scheduler::Schedule', 0);
    });
  });

  describe('permissions', () => {
    it('reads exactly the parameters the source references', () => {
      const { template } = synthFixture('rotating');
      const read = statementsOf(template, 'crm').find((s) => s.Sid === 'ReadSourceParameters');
      expect(read?.Action).toEqual('ssm:GetParameters');
      expect(read?.Resource).toEqual(
        ['/shared/crm/tenant', '/sluice/crm/client_id', '/sluice/crm/client_secret', '/sluice/crm/refresh_token'].map(parameterArn),
      );
    });

    it('grants exactly the SSM actions whose commands the engine sends', () => {
      // Every SSM command class the engine imports, as the IAM action it needs (GetParametersCommand → ssm:GetParameters).
      const sent = new Set<string>();
      for (const file of readdirSync('lambdas', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
        const text = readFileSync(join('lambdas', file), 'utf8');
        for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-ssm'/g)) {
          for (const name of m[1].split(',').map((n) => n.trim())) if (/^\w+Command$/.test(name)) sent.add(`ssm:${name.replace(/Command$/, '')}`);
        }
      }
      const { template } = synthFixture('rotating');
      const granted = new Set(actionsOf(statementsOf(template, 'crm')).filter((a) => a.startsWith('ssm:')));
      expect([...granted].sort()).toEqual([...sent].sort());
      expect(granted.has('ssm:GetParameter')).toBe(false);
    });

    it('writes only the rotated refresh-token parameter', () => {
      const { template } = synthFixture('rotating');
      const statements = statementsOf(template, 'crm');
      const writes = statements.filter((s) => actionsOf([s]).includes('ssm:PutParameter'));
      expect(writes).toHaveLength(1);
      expect(writes[0].Resource).toEqual(parameterArn('/sluice/crm/refresh_token'));
    });

    it('uses KMS only through SSM', () => {
      const { template } = synthFixture('rotating');
      const kms = statementsOf(template, 'crm').filter((s) => actionsOf([s]).some((a) => a.startsWith('kms:')));
      expect(kms).toHaveLength(1);
      expect(kms[0].Condition).toEqual({ StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['ssm.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } });
    });

    it('grants a source without secrets no SSM or KMS action at all', () => {
      const { template } = synthFixture('basic');
      const actions = actionsOf(statementsOf(template, 'open-data'));
      expect(actions.filter((a) => a.startsWith('ssm:') || a.startsWith('kms:'))).toEqual([]);
      expect(actionsOf(statementsOf(template, 'acme'))).toContain('ssm:GetParameters');
    });

    it('confines S3 to the source key root, listing included', () => {
      const { template } = synthFixture('basic', { bucketName: 'existing-bucket', prefix: 'raw' });
      const statements = statementsOf(template, 'acme');
      const objects = statements.find((s) => s.Sid === 'SourceObjects');
      expect(objects?.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::existing-bucket/raw/acme/*']] });
      const list = statements.find((s) => s.Sid === 'ListSourcePrefix');
      expect(list?.Action).toBe('s3:ListBucket');
      expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['raw/acme/*'] } });
      const s3Resources = JSON.stringify(statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('s3:'))).map((s) => s.Resource));
      expect(s3Resources).not.toMatch(/existing-bucket\/\*|open-data/);
    });

    it('may change only its own tables, their _current views and their partitions, in the stack database', () => {
      const { template } = synthFixture('catalog', { databaseName: 'lake' });
      const glue = statementsOf(template, 'shop-eu').filter((s) => actionsOf([s]).some((a) => a.startsWith('glue:')));
      expect(glue).toHaveLength(1);
      expect(glue[0].Sid).toBe('SourceCatalogTables');
      expect([...actionsOf(glue)].sort()).toEqual([...CATALOG_ACTIONS].sort());
      // Glue-safe names of the source and table_name (Orders-EU) or the resource name, and the commits table;
      // the unselected parent writes no table.
      expect(glue[0].Resource).toEqual(
        ['catalog', 'database/lake', ...['shop_eu__commits', 'shop_eu_orders_eu', 'shop_eu_orders_eu_current', 'shop_eu_products', 'shop_eu_products_current'].map((t) => `table/lake/${t}`)].map(glueArn),
      );
      expect(JSON.stringify(glue[0].Resource)).not.toMatch(/\*|customers|invoices/);
      const other = statementsOf(template, 'other').find((s) => s.Sid === 'SourceCatalogTables');
      expect(other?.Resource).toEqual(['catalog', 'database/lake', 'table/lake/other__commits', 'table/lake/other_invoices', 'table/lake/other_invoices_current'].map(glueArn));
    });

    it('grants exactly the Glue actions whose commands the engine sends', () => {
      // Every Glue command the engine names (the SDK is imported lazily, so its commands are read off the module), as its IAM action.
      const sent = new Set<string>();
      for (const file of readdirSync('lambdas', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
        const text = readFileSync(join('lambdas', file), 'utf8');
        if (!text.includes("'@aws-sdk/client-glue'")) continue;
        for (const m of text.matchAll(/\b(\w+)Command\b/g)) sent.add(`glue:${m[1]}`);
      }
      expect(sent.size).toBeGreaterThan(0);
      const { template } = synthFixture('catalog');
      const granted = new Set(actionsOf(statementsOf(template, 'shop-eu')).filter((a) => a.startsWith('glue:')));
      expect([...granted].sort()).toEqual([...sent].sort());
    });

    it('deletes nothing in the catalog', () => {
      const { template } = synthFixture('catalog');
      for (const source of ['shop-eu', 'other']) {
        expect(actionsOf(statementsOf(template, source)).filter((a) => /^glue:.*(Delete|\*)/.test(a))).toEqual([]);
      }
    });

    it('gets no Glue action and no database variable without a database', () => {
      const { stack, props } = extractorProps('basic/acme.json');
      new Extractor(stack, 'acme', props);
      const template = Template.fromStack(stack);
      expect(actionsOf(statementsOf(template, 'acme')).filter((a) => a.startsWith('glue:'))).toEqual([]);
      template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SLUICE_GLUE_DATABASE: Match.absent() }) } });
    });

    it('may invoke only itself', () => {
      const { template } = synthFixture('basic');
      const invoke = statementsOf(template, 'acme').filter((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
      expect(invoke).toEqual([expect.objectContaining({ Resource: { 'Fn::GetAtt': [expect.stringMatching(/^acmeFunction/), 'Arn'] } })]);
    });

    it('has no managed policy', () => {
      const { template } = synthFixture('basic');
      for (const role of Object.values(template.findResources('AWS::IAM::Role'))) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    });
  });

  describe('alarms', () => {
    it('alarms on function errors', () => {
      const { template } = synthFixture('basic');
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^acmeFunction') } }],
      });
    });

    it('alarms when no run succeeded within N schedule periods, missing data breaching', () => {
      const { template } = synthFixture('basic');
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'sluice',
        MetricName: 'RunSucceeded',
        Dimensions: [{ Name: 'service', Value: 'sluice-acme' }, { Name: 'source', Value: 'acme' }],
        Statistic: 'Maximum',
        Period: 3600,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'RunSucceeded',
        Dimensions: Match.arrayWith([{ Name: 'source', Value: 'open-data' }]),
        Period: 86_400,
        EvaluationPeriods: 2,
      });
    });

    it('sizes the missed-runs window of a weekday cron by its weekend gap', () => {
      const { template } = synthFixture('custom-auth');
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'RunSucceeded', Period: 86_400, EvaluationPeriods: 6 });
    });

    it('alarms on a committed run whose Glue registration failed, in the hour it happened, missing data not breaching', () => {
      const { template } = synthFixture('basic');
      for (const source of ['acme', 'open-data']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'sluice',
          MetricName: 'CatalogRegistered',
          Dimensions: [{ Name: 'service', Value: `sluice-${source}` }, { Name: 'source', Value: source }],
          Statistic: 'Minimum',
          Period: 3600,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'LessThanThreshold',
          TreatMissingData: 'notBreaching',
        });
      }
    });

    it('sends every alarm to the topic given', () => {
      const { template } = synthFixture('basic', { alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops' });
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
      expect(alarms.length).toBe(8);
      for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual(['arn:aws:sns:us-east-1:123456789012:ops']);
    });
  });

  describe('validation', () => {
    it('rejects a source without schedule, naming schedule and the file', () => {
      const { stack, props } = extractorProps('basic/acme.json');
      expect(() => new Extractor(stack, 'x', { ...props, source: { ...props.source, schedule: undefined } })).toThrow(/basic\/acme\.json: [\s\S]*- schedule: required to deploy/);
    });

    it('rejects a database name Athena cannot query, suggesting the Glue-safe one', () => {
      const { stack, props } = extractorProps('basic/acme.json', { database: 'My-Lake' });
      expect(() => new Extractor(stack, 'x', props)).toThrow(/- database: "My-Lake" is not a Glue database name[\s\S]*"my_lake"/);
    });

    it('rejects an unusable prefix', () => {
      const { stack, props } = extractorProps('basic/acme.json', { prefix: 'raw//x' });
      expect(() => new Extractor(stack, 'x', props)).toThrow(/- prefix: "raw\/\/x" is not a usable key prefix/);
    });

    it('rejects a log retention CloudWatch does not offer, naming the source field', () => {
      const { stack, props } = extractorProps('bad-retention/badret.json');
      expect(() => new Extractor(stack, 'x', props)).toThrow(/badret\.json: [\s\S]*- deploy\.log_retention_days: 31 is not a CloudWatch Logs retention/);
    });

    it('rejects memorySize out of range', () => {
      const { stack, props } = extractorProps('basic/acme.json', { memorySize: 64 });
      expect(() => new Extractor(stack, 'x', props)).toThrow(/- memorySize: 64/);
    });

    it('rejects a timeout over 15 minutes', () => {
      const { stack, props } = extractorProps('basic/acme.json', { timeout: Duration.minutes(16) });
      expect(() => new Extractor(stack, 'x', props)).toThrow(/- timeout: 960 s/);
    });

    it('rejects retryAttempts over 2', () => {
      const { stack, props } = extractorProps('basic/acme.json', { retryAttempts: 3 });
      expect(() => new Extractor(stack, 'x', props)).toThrow(/- retryAttempts: 3/);
    });

    it('rejects a source built in code with an out-of-range cron field, naming the field and its range', () => {
      const { stack, props } = extractorProps('basic/acme.json');
      expect(() => new Extractor(stack, 'x', { ...props, source: { ...props.source, schedule: 'cron(99 2 * * ? *)' } })).toThrow(
        /basic\/acme\.json: [\s\S]*- schedule: "cron\(99 2 \* \* \? \*\)": minutes "99" is outside 0-59/,
      );
    });

    it('rejects scheduleRetryAttempts over 185', () => {
      const { stack, props } = extractorProps('basic/acme.json', { scheduleRetryAttempts: 200 });
      expect(() => new Extractor(stack, 'x', props)).toThrow(/- scheduleRetryAttempts: 200/);
    });

    it('rejects a scheduleMaxEventAge over a day', () => {
      const { stack, props } = extractorProps('basic/acme.json', { scheduleMaxEventAge: Duration.hours(25) });
      expect(() => new Extractor(stack, 'x', props)).toThrow(/- scheduleMaxEventAge: 90000 s/);
    });
  });
});
