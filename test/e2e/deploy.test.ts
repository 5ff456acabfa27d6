/**
 * End to end: `cdk bootstrap` and `cdk deploy` of the real app (cdk.json,
 * bin/app.ts) with a test sources directory against a moto server of its own,
 * then the deployed function read back through the Lambda API and its deployed
 * code bundle run, with the deployed configuration, against the fake API and
 * moto's SSM and S3.
 *
 * What moto cannot do, and what this test does instead:
 * - moto runs Lambda code only in Docker, so the bundle is run here in a child
 *   Node process (as the Lambda runtime would: the deployed env, `index.handler`).
 * - moto's GetFunction `Code.Location` is a made-up AWS URL it does not serve, so
 *   the zip is downloaded from the bootstrap assets bucket at the key that URL
 *   names, and its SHA-256 is checked against the deployed `CodeSha256`.
 * - moto's CloudFormation skips resource types it does not implement (it records
 *   them as created with no type): AWS::Scheduler::Schedule,
 *   AWS::Lambda::EventInvokeConfig, AWS::CloudWatch::Alarm, AWS::S3::BucketPolicy,
 *   AWS::SQS::QueuePolicy, AWS::Glue::Database. The deploy succeeds with them in the template (no
 *   `sluice:e2e-omit` needed); they are asserted in the synthesized template the
 *   deploy used instead. The Glue database is then created through moto's Glue
 *   API with the template's name, as CloudFormation would have: the engine never
 *   creates a database (its role may not), so the run's tables and partitions
 *   are checked in it.
 * - moto keeps neither `Architectures` (it reports x86_64) nor the stack's tags on
 *   the function; both are asserted in the template too.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateDatabaseCommand, GetPartitionsCommand, GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { startFakeApi } from '../support/fakeApi';
import type { FakeApi } from '../support/fakeApi';
import type { MotoServer } from '../support/moto';
import { startMoto, stopMoto } from '../support/moto';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const STACK = 'SluiceE2e';

jest.setTimeout(8 * 60_000);

describe('cdk deploy (end to end, against moto)', () => {
  let moto: MotoServer;
  let api: FakeApi;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let lambda: LambdaClient;
  let s3: S3Client;
  let ssm: SSMClient;

  beforeAll(async () => {
    moto = await startMoto();
    api = await startFakeApi({ collections: { items: 7 } });
    work = mkdtempSync(join(tmpdir(), 'sluice-e2e-'));
    const sources = join(work, 'sources');
    mkdirSync(sources);
    writeFileSync(
      join(sources, 'e2e.json'),
      JSON.stringify({
        name: 'e2e',
        schedule: 'rate(1 hour)',
        client: { base_url: api.baseUrl, auth: { type: 'bearer', token: { secret: 'api_token' } } },
        resources: [
          {
            name: 'items',
            endpoint: { path: '/bearer/json-link/items', params: { per_page: 3 }, data_selector: 'data', paginator: { type: 'json_link', next_url_path: 'paging.next' } },
          },
        ],
      }),
    );
    env = {
      ...process.env,
      // The CDK CLI and moto's CloudFormation need a host name, not an IP.
      AWS_ENDPOINT_URL: moto.localhostEndpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      CDK_DISABLE_CLI_TELEMETRY: '1',
    };
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
    const clientConfig = { endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    lambda = new LambdaClient(clientConfig);
    s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
    ssm = new SSMClient(clientConfig);

    const cdk = join(ROOT, 'node_modules', '.bin', 'cdk');
    const common = ['--no-notices', '-c', `sources=${sources}`, '-c', `stackName=${STACK}`, '-o', join(work, 'cdk.out')];
    await run(cdk, ['bootstrap', `aws://${ACCOUNT}/${REGION}`, ...common], { cwd: ROOT, env, maxBuffer: 64 << 20 });
    await run(cdk, ['deploy', STACK, '--require-approval', 'never', ...common], { cwd: ROOT, env, maxBuffer: 64 << 20 });
  });

  afterAll(async () => {
    await api?.close();
    for (const client of [lambda, s3, ssm]) client?.destroy();
    if (moto) stopMoto(moto.pid);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function deployedFunction(): Promise<{ configuration: FunctionConfiguration; location: string }> {
    const listed = await lambda.send(new ListFunctionsCommand({}));
    const found = (listed.Functions ?? []).find((f) => f.Environment?.Variables?.SLUICE_SOURCE === 'e2e');
    if (!found?.FunctionName) throw new Error(`no function with SLUICE_SOURCE=e2e among ${listed.Functions?.map((f) => f.FunctionName).join(', ')}`);
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: found.FunctionName }));
    expect(got.Concurrency?.ReservedConcurrentExecutions).toBe(1);
    return { configuration: got.Configuration ?? {}, location: got.Code?.Location ?? '' };
  }

  it('deploys the function with the runtime, handler and environment the construct sets', async () => {
    const { configuration } = await deployedFunction();
    expect(configuration).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler', MemorySize: 1024, Timeout: 900 });
    expect(configuration.Environment?.Variables).toMatchObject({
      SLUICE_SOURCE: 'e2e',
      SLUICE_PREFIX: '',
      POWERTOOLS_SERVICE_NAME: 'sluice-e2e',
      POWERTOOLS_METRICS_NAMESPACE: 'sluice',
      SLUICE_GLUE_DATABASE: 'sluicee2e',
      SLUICE_BUCKET: expect.stringMatching(/^sluicee2e-outputbucket/),
    });
  });

  it('runs the deployed bundle with the deployed configuration and commits a run to the bucket', async () => {
    const { configuration, location } = await deployedFunction();

    // The bytes CloudFormation gave Lambda: the asset the deploy published.
    const key = new URL(location).pathname.slice(1);
    const object = await s3.send(new GetObjectCommand({ Bucket: `cdk-hnb659fds-assets-${ACCOUNT}-${REGION}`, Key: key }));
    const zip = Buffer.from(await object.Body!.transformToByteArray());
    expect(createHash('sha256').update(zip).digest('base64')).toBe(configuration.CodeSha256);
    expect(zip.length).toBeLessThan(1.5 * 1024 * 1024);
    const code = join(work, 'code');
    writeFileSync(join(work, 'code.zip'), zip);
    await run('python3', ['-m', 'zipfile', '-e', join(work, 'code.zip'), code]);
    // The definition travels in the bundle, not in the environment.
    expect(readFileSync(join(code, 'index.js'), 'utf8')).toContain(api.baseUrl);

    await ssm.send(new PutParameterCommand({ Name: '/sluice/e2e/api_token', Value: api.credentials.bearerToken, Type: 'SecureString' }));

    // Standing in for CloudFormation, which moto skips for AWS::Glue::Database (asserted in the template below).
    const glue = new GlueClient({ endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const database = configuration.Environment?.Variables?.SLUICE_GLUE_DATABASE as string;
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }));

    const runner = join(work, 'invoke.js');
    writeFileSync(
      runner,
      `const { handler } = require(${JSON.stringify(join(code, 'index.js'))});
       const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST', memoryLimitInMB: '1024',
         invokedFunctionArn: ${JSON.stringify(configuration.FunctionArn)}, awsRequestId: 'e2e-request', getRemainingTimeInMillis: () => 890000 };
       handler({ trigger: 'schedule' }, context).then((r) => process.stdout.write('\\nRESULT ' + JSON.stringify(r) + '\\n'), (e) => { console.error(e); process.exit(1); });`,
    );
    const lambdaEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...configuration.Environment?.Variables,
      AWS_LAMBDA_FUNCTION_NAME: configuration.FunctionName,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_ENDPOINT_URL: moto.endpoint,
      // The Lambda runtime provides the SDK's service clients (kept external in the bundle) on its NODE_PATH.
      NODE_PATH: join(ROOT, 'node_modules'),
    };
    const { stdout } = await run(process.execPath, [runner], { env: lambdaEnv, maxBuffer: 64 << 20 });
    const summary = JSON.parse(stdout.split('\nRESULT ')[1]) as { status: string; manifest_key: string; resources: Record<string, { records: number }> };
    expect(summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 7 } } });
    expect(api.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(Array(3).fill('GET /bearer/json-link/items 200'));

    const bucket = configuration.Environment?.Variables?.SLUICE_BUCKET as string;
    const manifests = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'e2e/_manifests/' }));
    expect(manifests.Contents?.map((c) => c.Key)).toEqual([summary.manifest_key]);
    const manifestObject = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: summary.manifest_key }));
    const manifest = JSON.parse(await manifestObject.Body!.transformToString()) as { status: string; resources: Record<string, { files: Array<{ key: string; records: number }> }> };
    expect(manifest.status).toBe('succeeded');
    const records: unknown[] = [];
    for (const file of manifest.resources.items.files) {
      const part = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: file.key }));
      const lines = gunzipSync(Buffer.from(await part.Body!.transformToByteArray())).toString('utf8').trim().split('\n');
      records.push(...lines.map((l) => JSON.parse(l)));
    }
    expect(records).toEqual(api.records('items'));

    // Registered after the commit: the table of the resource, the run's partition, the view and the commits table.
    try {
      const runId = (summary as unknown as { run_id: string; catalog: unknown }).run_id;
      expect((summary as unknown as { catalog: unknown }).catalog).toEqual({ database, ok: true, partitions_added: 1, tables: ['e2e_items', 'e2e_items_current'] });
      const table = (await glue.send(new GetTableCommand({ DatabaseName: database, Name: 'e2e_items' }))).Table;
      expect(table?.StorageDescriptor?.Location).toBe(`s3://${bucket}/e2e/items/`);
      expect(table?.StorageDescriptor?.Columns?.map((c) => c.Name)).toEqual(Object.keys(api.records('items')[0]));
      const partitions = (await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: 'e2e_items' }))).Partitions ?? [];
      expect(partitions.map((p) => p.Values)).toEqual([[manifest.resources.items.files[0].key.split('/')[2].slice(3), runId]]);
      expect((await glue.send(new GetTableCommand({ DatabaseName: database, Name: 'e2e_items_current' }))).Table?.TableType).toBe('VIRTUAL_VIEW');

      // A failed run of the deployed bundle (the API refuses it) gets no partition.
      api.addFault({ path: '/bearer/json-link/items', kind: 'status', status: 400, times: Infinity });
      try {
        const failed = await run(process.execPath, [runner], { env: lambdaEnv, maxBuffer: 64 << 20 }).then(
          () => undefined,
          (error: unknown) => error as { code?: number; stderr?: string },
        );
        expect(failed?.code).toBe(1);
        expect(failed?.stderr).toContain('400');
      } finally {
        api.clearFaults();
      }
      const after = (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'e2e/_manifests/' }))).Contents ?? [];
      expect(after).toHaveLength(2);
      const partitionsAfter = (await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: 'e2e_items' }))).Partitions ?? [];
      expect(partitionsAfter.map((p) => p.Values?.[1])).toEqual([runId]);
    } finally {
      glue.destroy();
    }
  });

  it('deploys the dashboard of the stack', async () => {
    const cloudformation = new CloudFormationClient({ endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    try {
      const listed = await cloudformation.send(new ListStackResourcesCommand({ StackName: STACK }));
      const dashboards = (listed.StackResourceSummaries ?? []).filter((r) => r.ResourceType === 'AWS::CloudWatch::Dashboard');
      expect(dashboards).toEqual([expect.objectContaining({ PhysicalResourceId: STACK, ResourceStatus: 'CREATE_COMPLETE' })]);
    } finally {
      cloudformation.destroy();
    }
  });

  it('synthesized the resources moto skips: schedule, async retries, alarms, TLS-only policies, the Glue database, arm64 and tags', () => {
    const template = JSON.parse(readFileSync(join(work, 'cdk.out', `${STACK}.template.json`), 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const ofType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type).map((r) => r.Properties);
    expect(ofType('AWS::Scheduler::Schedule')).toEqual([
      expect.objectContaining({ ScheduleExpression: 'rate(1 hour)', ScheduleExpressionTimezone: 'UTC', Target: expect.objectContaining({ Input: '{"trigger":"schedule"}' }) }),
    ]);
    expect(ofType('AWS::Lambda::EventInvokeConfig')).toEqual([expect.objectContaining({ MaximumRetryAttempts: 2 })]);
    expect(ofType('AWS::CloudWatch::Alarm').map((a) => a.MetricName).sort()).toEqual(['ApproximateNumberOfMessagesVisible', 'CatalogRegistered', 'Errors', 'RunSucceeded']);
    expect(ofType('AWS::S3::BucketPolicy')).toHaveLength(2);
    expect(ofType('AWS::SQS::QueuePolicy')).toHaveLength(1);
    expect(ofType('AWS::Glue::Database')).toEqual([expect.objectContaining({ DatabaseInput: expect.objectContaining({ Name: 'sluicee2e' }) })]);
    expect(ofType('AWS::Lambda::Function')).toEqual([
      expect.objectContaining({ Architectures: ['arm64'], Tags: expect.arrayContaining([{ Key: 'sluice:source', Value: 'e2e' }]) }),
    ]);
  });
});
