/**
 * The runtime bundle holds only what the project declares: every package in
 * the Lambda handler bundle (esbuild, bundled as the CDK app does) is a
 * package.json dependency named in README.md's "Dependencies and why", or a
 * transitive dependency of one.
 */
import { checkBundleDeps, findViolations, packageOf, readmeDependencies } from '../../scripts/check-bundle-deps';

describe('scripts/check-bundle-deps', () => {
  it('finds only declared, documented runtime dependencies (and theirs) in the handler bundle', async () => {
    const report = await checkBundleDeps();

    expect(report.violations).toEqual([]);
    expect(report.bundled).toEqual(expect.arrayContaining(['ky', 'zod', 'json-p3', '@aws-lambda-powertools/logger', '@aws-sdk/client-s3', '@aws-sdk/client-ssm', '@aws-sdk/lib-storage']));
    // Left to the Lambda runtime (loaded only on a continuation, or when the environment has no credentials), or never part of a function.
    for (const absent of ['@aws-sdk/client-lambda', '@aws-sdk/credential-provider-ini', '@aws-sdk/credential-provider-sso', 'aws-cdk-lib', 'constructs', 'tsx', 'fast-check']) {
      expect(report.bundled).not.toContain(absent);
    }
  });

  it('reports a bundled package that nothing declares, and a dependency the README does not name', () => {
    const violations = findViolations(['ky', 'left-pad', 'zod'], ['ky', 'zod'], ['ky'], new Set(['ky']));

    expect(violations).toEqual([
      'left-pad: in the bundle, but neither in package.json dependencies nor a dependency of one README.md names',
      `zod: a runtime dependency in the bundle that README.md's "Dependencies and why" does not name`,
    ]);
  });

  it('names packages by their node_modules path, scoped ones included', () => {
    expect(packageOf('node_modules/@smithy/core/dist-es/index.js')).toBe('@smithy/core');
    expect(packageOf('node_modules/a/node_modules/b/lib/x.js')).toBe('b');
    expect(packageOf('lambdas/handler.ts')).toBeUndefined();
  });

  it('reads the package names of the README section only', () => {
    const readme = '# x\n`not-this`\n## Dependencies and why\n\n- `ky`: http.\n- `@scope/pkg`, `zod`: things.\n## Next\n`nor-this`\n';
    expect(readmeDependencies(readme)).toEqual(['ky', '@scope/pkg', 'zod']);
  });
});
