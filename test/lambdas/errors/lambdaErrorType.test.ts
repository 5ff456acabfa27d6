/**
 * The kind of a handler failure travels in the Lambda error response, and
 * `sluice invoke` chooses its exit code from it. The Node.js runtime turns a
 * thrown error into `{ errorType: error.name, errorMessage: error.message, trace }`;
 * `runtimeResponse` does the same here.
 */
import { invocationExitCode } from '../../../bin/cli/commands/invoke';
import { createHandler } from '../../../lambdas/handler';
import { lambdaErrorType, parseLambdaFailure } from '../../../lambdas/errors/lambdaErrorType';
import { MissingSecretError } from '../../../lambdas/errors/MissingSecretError';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import { silentLogger } from '../../../lambdas/observability/Logger';
import { RunMetrics } from '../../../lambdas/observability/metrics';
import { SsmSecretStore } from '../../../lambdas/secrets/SsmSecretStore';
import { S3Store } from '../../../lambdas/sink/S3Store';
import { createTestBucket, testS3Client, testSsmClient, uniqueName } from '../../support/aws';
import { startItemsApi } from '../run/runSource.fixtures';
import type { ItemsApi } from '../run/runSource.fixtures';

let api: ItemsApi;
beforeAll(async () => {
  api = await startItemsApi();
});
afterAll(() => api.close());

const quietMetrics = (source: { name: string }): RunMetrics => new RunMetrics(source.name);

/** What the Lambda Node.js runtime sends back for a thrown error. */
function runtimeResponse(error: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  const e = error as Error;
  return { errorType: e.name, errorMessage: e.message, trace: (e.stack ?? '').split('\n') };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the invocation to fail');
    },
    (error: unknown) => error,
  );
}

function definition(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'acme',
    client: { base_url: api.url, paginator: { type: 'offset', limit: 5 } },
    resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data' } }],
    ...extra,
  };
}

describe('Lambda error responses', () => {
  it('carries kind input for a run that failed on a missing secret, so invoke exits 2', async () => {
    const prefix = `/${uniqueName('sluice')}`;
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const handler = createHandler(definition({ secrets_prefix: prefix, client: { base_url: api.url, auth: { type: 'bearer', token: { secret: 'absent' } } } }), {
      store,
      secrets: new SsmSecretStore({ client: testSsmClient(), ttlSeconds: 0 }),
      logger: silentLogger,
      createMetrics: quietMetrics,
    });

    const error = await failureOf(handler({ mode: 'run' }));

    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).cause).toBeInstanceOf(MissingSecretError);
    const response = runtimeResponse(error);
    expect(response.errorType).toBe('sluice.input.run_failed');
    expect(parseLambdaFailure(JSON.parse(JSON.stringify(response)))).toMatchObject({ kind: 'input', code: 'run_failed' });
    expect(invocationExitCode(parseLambdaFailure(response), response)).toBe(2);
  });

  it('carries kind input for an invalid bundled definition at init', () => {
    let error: unknown;
    try {
      createHandler({ name: 'acme', resources: [] }, { logger: silentLogger, createMetrics: quietMetrics });
    } catch (e) {
      error = e;
    }
    const response = runtimeResponse(error);
    expect(response.errorType).toBe('sluice.input.config_invalid');
    expect(invocationExitCode(parseLambdaFailure(response), response)).toBe(2);
  });

  it('carries kind run for a run that failed against the API, so invoke exits 1', async () => {
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const handler = createHandler(definition({ resources: [{ name: 'missing', endpoint: { path: 'nowhere', data_selector: 'data' } }] }), { store, logger: silentLogger, createMetrics: quietMetrics });

    const response = runtimeResponse(await failureOf(handler({ mode: 'run' })));

    expect(response.errorType).toBe('sluice.run.run_failed');
    expect(response.errorMessage).toMatch(/404/);
    expect(invocationExitCode(parseLambdaFailure(response), response)).toBe(1);
  });

  it('treats a foreign error, a runtime failure or a text response as a run failure (exit 1)', () => {
    for (const response of [runtimeResponse(new TypeError('x is undefined')), { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 900.00 seconds' }, 'not json', null]) {
      const failure = parseLambdaFailure(response);
      expect(failure.kind).toBe('run');
      expect(failure.code).toBeUndefined();
      expect(invocationExitCode(failure, response)).toBe(1);
    }
  });

  it('maps a successful response by its content: a failed check or summary exits 1', () => {
    expect(invocationExitCode(undefined, { mode: 'check', source: 'acme', ok: false, resources: {} })).toBe(1);
    expect(invocationExitCode(undefined, { mode: 'check', source: 'acme', ok: true, resources: {} })).toBe(0);
    expect(invocationExitCode(undefined, { run_id: '20261129T020000Z-0badc0de', status: 'succeeded' })).toBe(0);
    expect(invocationExitCode(undefined, { run_id: '20261129T020000Z-0badc0de', status: 'failed' })).toBe(1);
  });

  it('writes the kind and code into errorType and reads them back', () => {
    expect(lambdaErrorType('input', 'secret_missing')).toBe('sluice.input.secret_missing');
    expect(parseLambdaFailure({ errorType: 'sluice.input.secret_missing', errorMessage: 'm' })).toEqual({
      kind: 'input',
      code: 'secret_missing',
      errorType: 'sluice.input.secret_missing',
      message: 'm',
    });
  });
});
