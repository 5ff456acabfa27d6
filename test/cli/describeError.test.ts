import { describeError, errorJson, exitCodeOf } from '../../bin/cli/describeError';
import { UsageError } from '../../bin/cli/UsageError';
import { ConcurrentRunError } from '../../lambdas/errors/ConcurrentRunError';
import { PaginationLoopError } from '../../lambdas/errors/PaginationLoopError';
import { RunFailedError } from '../../lambdas/errors/RunFailedError';
import { SecretsFileError } from '../../lambdas/errors/SecretsFileError';
import { StorageError } from '../../lambdas/errors/StorageError';
import { createStyle } from '../../bin/cli/style';

const plain = { verbose: false, style: createStyle(false) };
const failedSummary = { run_id: '20261129T020000Z-0badc0de', status: 'failed' as const, resources: {}, error: 'boom' };

describe('describeError', () => {
  it("prints the error's own hint under its message", () => {
    const loop = new PaginationLoopError('cursor(cursor_param=after)', 'abc', 'items');
    expect(describeError(loop, plain)).toBe(`error: ${loop.message}\n${loop.hint}\n`);
    const usage = new UsageError('unknown flag --fast', 'sluice run <source>');
    expect(describeError(usage, plain)).toBe(`error: unknown flag --fast\nusage: sluice run <source>\n${usage.hint}\n`);
  });

  it("gives a failed run the hint and kind of its cause: a bad secrets file is still an input problem", () => {
    const cause = new SecretsFileError('./secrets.json', 'is not JSON');
    const failed = new RunFailedError(failedSummary, { cause });
    expect(failed.hint).toBe(cause.hint);
    expect(describeError(failed, plain)).toContain(cause.hint);
    expect(exitCodeOf(failed)).toBe(2);
    expect(errorJson(failed)).toEqual({ error: { code: 'run_failed', kind: 'input', message: failed.message } });
  });

  it('gives a failed run with a foreign cause the rerun hint, and exit 1', () => {
    const failed = new RunFailedError(failedSummary, { cause: new TypeError('x is undefined') });
    expect(failed.hint).toMatch(/rerunning is safe/);
    expect(exitCodeOf(failed)).toBe(1);
  });

  it('keeps distinct advice for distinct codes: a concurrent run is not a storage failure', () => {
    const concurrent = new ConcurrentRunError('acme', './out', { kind: 'lock', holder: 'pid 1 on host a', lockFile: './out/.lock' });
    const storage = new StorageError({ operation: 'get', location: 's3://b', key: 'k' }, 'AccessDenied');
    expect(concurrent.hint).toMatch(/Run it again once the other one is done/);
    expect(storage.hint).toMatch(/permissions/);
    // A run that lost to another one failed against storage (CONTRACT, "Commit": exit 1), it was not invalid input.
    expect(exitCodeOf(concurrent)).toBe(1);
    expect(exitCodeOf(storage)).toBe(1);
  });

  it('tells how to give AWS credentials and a region when the SDK finds none (an SSM lookup passes those errors through)', () => {
    // The SDK's own name and messages (@smithy's CredentialsProviderError, its region resolver).
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    expect(describeError(noCredentials, plain)).toMatch(/No AWS credentials were found: set AWS_PROFILE .* or run without AWS using --out DIR and --secrets-file FILE\.\n$/);
    expect(describeError(new Error('Region is missing'), plain)).toMatch(/Set AWS_REGION \(or AWS_DEFAULT_REGION\)/);
    expect(exitCodeOf(noCredentials)).toBe(1);
  });

  it('says an unexpected error was not expected', () => {
    expect(describeError(new TypeError('x is undefined'), plain)).toContain('This was not expected');
    expect(errorJson(new TypeError('x'))).toEqual({ error: { code: 'internal', kind: 'run', message: 'x' } });
  });
});
