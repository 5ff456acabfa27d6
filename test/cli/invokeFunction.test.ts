/**
 * `sluice invoke` against a function: the real CLI and SDK client, a fake
 * Lambda API on loopback (test/support/fakeLambda) that runs the real source
 * handler on a moto bucket. Proves what is sent (and that a payload the
 * handler would refuse is not sent at all), and that `{"mode":"state"}` shows
 * and changes the state the next run starts from.
 */
import { readFileSync } from 'node:fs';
import { validateSource } from '../../lambdas/config/validateSource';
import { silentLogger } from '../../lambdas/observability/Logger';
import { RunMetrics } from '../../lambdas/observability/metrics';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { S3Store } from '../../lambdas/sink/S3Store';
import { createSourceHandler } from '../../lambdas/sourceHandler';
import { createTestBucket, testS3Client } from '../support/aws';
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import type { FakeLambda } from '../support/fakeLambda';
import { startFakeLambda } from '../support/fakeLambda';
import { writeFakeSource } from './support/fakeSource';
import type { FakeSourceFiles } from './support/fakeSource';
import { runCli, singleJson } from './support/runCli';

const FUNCTION = 'sluice-fake';

describe('sluice invoke, against a function', () => {
  let api: FakeApi;
  let lambda: FakeLambda;
  let files: FakeSourceFiles;
  let bucket: string;

  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 25 }, childrenPerParent: 1 });
    files = writeFakeSource(api);
    bucket = await createTestBucket('sluice-invoke');
    const source = validateSource(JSON.parse(readFileSync(files.source, 'utf8')));
    const handler = createSourceHandler(source, {
      store: new S3Store({ bucket, client: testS3Client() }),
      secrets: await FileSecretStore.load(files.secrets),
      logger: silentLogger,
      createMetrics: (s) => new RunMetrics(s.name),
      env: { SLUICE_BUCKET: bucket },
    });
    lambda = await startFakeLambda({ functionName: FUNCTION, environment: { SLUICE_BUCKET: bucket, SLUICE_SOURCE: 'fake' }, handler });
  });
  afterAll(async () => {
    await lambda.close();
    await api.close();
  });

  const invoke = (args: string[]) => runCli(['invoke', files.source, '--function', FUNCTION, ...args], { env: { AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint } });
  const invocations = () => lambda.requests.filter((r) => r.path.endsWith('/invocations'));

  it('refuses a payload the handler would refuse, naming the problem, and sends nothing', async () => {
    const before = lambda.requests.length;
    const cases: Array<[string[], string]> = [
      [['--payload', '{"mode":"run","max_page":2}'], 'unknown field "max_page" (accepted: mode, resources, max_pages, from, to, dry_run)'],
      [['--payload', '{"mode":"check","dry_run":true}'], 'mode "check" takes only "resources"'],
      [['--payload', '{"mode":"state","reset":true,"set":{"items":1}}'], 'mode "state" takes "reset" or "set", not both'],
      [['--payload', '{"mode":"run","max_pages":0}'], 'max_pages:'],
    ];
    for (const [args, message] of cases) {
      const result = await invoke(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('nothing was sent');
    }
    // Not one request reached the Lambda API: not even the lookup of the function.
    expect(lambda.requests.slice(before)).toEqual([]);
  });

  it('shows and changes the state through {"mode":"state"}, and the next run starts from it', async () => {
    const runItems = async (): Promise<number> => {
      const result = await invoke(['--mode', 'run', '--resources', 'items', '--json']);
      expect(result.code).toBe(0);
      return ((singleJson(result.stdout).response as Record<string, unknown>).resources as Record<string, { records: number }>).items.records;
    };
    expect(await runItems()).toBe(25);
    expect(await runItems()).toBe(0);

    const shown = await invoke(['--mode', 'state']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('state of "fake" at seq 2');
    expect(shown.stdout).toMatch(/^items\s+cursor "2024-01-02T01:00:00Z"/m);
    expect(invocations().at(-1)?.payload).toEqual({ mode: 'state' });

    const reset = await invoke(['--payload', '{"mode":"state","reset":true,"resources":["items"]}']);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('committed state of "fake" as seq 3');
    expect(reset.stdout).toMatch(/^items\s+none \(the next run starts from initial_value\)/m);
    // The local CLI reads the same committed state from the bucket.
    expect(singleJson((await runCli(['state', files.source, '--bucket', bucket, '--json'])).stdout)).toMatchObject({ seq: 3, resources: { items: null } });
    expect(await runItems()).toBe(25);

    const set = await invoke(['--payload', '{"mode":"state","set":{"items":"2024-01-01T20:00:00Z"}}', '--json']);
    expect(set.code).toBe(0);
    expect(singleJson(set.stdout).response).toMatchObject({ mode: 'state', seq: 5, changed: ['items'] });
    expect(await runItems()).toBe(6);

    const refused = await invoke(['--payload', '{"mode":"state","set":{"items":"soon"}}']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('state_change_invalid');
  });
});
