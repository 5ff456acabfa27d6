import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Template } from 'aws-cdk-lib/assertions';
import { loadSources } from '../../lib/loadSources';
import { SluiceStack } from '../../lib/SluiceStack';
import { FIXTURES, testApp } from './testApp';

const ROOT = resolve(__dirname, '..', '..');

describe('the bundle of a TypeScript source (real esbuild bundling)', () => {
  let code: string;

  beforeAll(() => {
    const app = testApp(true);
    const stack = new SluiceStack(app, 'Bundle', { sources: loadSources({ dir: join(FIXTURES, 'custom-auth') }) });
    const assembly = app.synth();
    const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0];
    const key = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    code = join(assembly.directory, `asset.${key}`);
  });

  it('is minified, with its source map, under 1.5 MB, the SDK clients left to the runtime', () => {
    const size = statSync(join(code, 'index.js')).size;
    expect(size).toBeLessThan(1.5 * 1024 * 1024);
    expect(statSync(join(code, 'index.js.map')).size).toBeGreaterThan(0);
    const text = readFileSync(join(code, 'index.js'), 'utf8');
    // minified: long lines, no indentation
    expect(text.length / text.split('\n').length).toBeGreaterThan(1000);
    expect(text).toMatch(/require\("@aws-sdk\/client-s3"\)/);
  });

  it('registers the custom auth type before the handler validates the definition', async () => {
    // Loading the module runs createHandler: it throws at init if the type were unknown.
    const script = `const m = require(${JSON.stringify(join(code, 'index.js'))}); process.stdout.write(typeof m.handler);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH, NODE_PATH: join(ROOT, 'node_modules'), AWS_REGION: 'us-east-1', SLUICE_SOURCE: 'session', SLUICE_BUCKET: 'b' },
    });
    expect(stdout).toBe('function');
  });
});
