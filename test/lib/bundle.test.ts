import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Template } from 'aws-cdk-lib/assertions';
import { loadSources } from '../../lib/loadSources';
import { SluiceStack } from '../../lib/SluiceStack';
import { createTestBucket } from '../support/aws';
import type { FakeApi } from '../support/fakeApi';
import { CONTINUATION_HEADER, startFakeApi } from '../support/fakeApi';
import { FIXTURES, testApp } from './testApp';

const ROOT = resolve(__dirname, '..', '..');

/** Synthesizes the sources of a fixture directory with real esbuild bundling; the asset directory of each function, by source. */
function bundledFunctions(dir: string): Record<string, string> {
  const app = testApp(true);
  const stack = new SluiceStack(app, 'Bundle', { sources: loadSources({ dir: join(FIXTURES, dir) }) });
  const assembly = app.synth();
  const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  return Object.fromEntries(
    functions.map((fn) => {
      const source = String(fn.Properties.Environment.Variables.SLUICE_SOURCE);
      return [source, join(assembly.directory, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`)];
    }),
  );
}

describe('the bundle of a TypeScript source (real esbuild bundling)', () => {
  let code: string;

  beforeAll(() => {
    code = Object.values(bundledFunctions('custom-auth'))[0];
  });

  it('is minified but keeps its names, has no source map, stays under 1.5 MB, and leaves the Lambda client to the runtime', () => {
    const size = statSync(join(code, 'index.js')).size;
    expect(size).toBeLessThan(1.5 * 1024 * 1024);
    expect(existsSync(join(code, 'index.js.map'))).toBe(false);
    const text = readFileSync(join(code, 'index.js'), 'utf8');
    // whitespace minified: long lines, no indentation
    expect(text.length / text.split('\n').length).toBeGreaterThan(1000);
    // (tested with .test() so that a failure does not print a megabyte of bundle)
    // identifiers kept: a stack trace names the function without a source map
    expect(/\bfunction runSource\(/.test(text)).toBe(true);
    // the S3 client is inside; the Lambda client (continuations only) comes from the runtime
    expect(/require\("@aws-sdk\/client-s3"\)/.test(text)).toBe(false);
    expect(/\bS3Client=class\b/.test(text)).toBe(true);
    expect(/import\("@aws-sdk\/client-lambda"\)/.test(text)).toBe(true);
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

describe('the bundle of a TypeScript source with a custom paginator (real esbuild bundling)', () => {
  let code: string;
  let api: FakeApi;

  beforeAll(async () => {
    code = bundledFunctions('custom-paginator').catalog;
    api = await startFakeApi({ collections: { items: 8 } });
  });
  afterAll(() => api.close());

  it('runs the paginator its source registers inside the bundled handler, every token sent back with its page', async () => {
    const bucket = await createTestBucket();
    const script =
      `const { handler } = require(${JSON.stringify(join(code, 'index.js'))});` +
      "handler({ trigger: 'schedule' }, { getRemainingTimeInMillis: () => 600000 }).then((r) => process.stdout.write('\\nRESULT ' + JSON.stringify(r) + '\\n'), (e) => { console.error(e); process.exit(1); });";
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: {
        PATH: process.env.PATH,
        // The runtime provides the SDK clients the bundle leaves out; moto stands in for S3.
        NODE_PATH: join(ROOT, 'node_modules'),
        AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: 'us-east-1',
        POWERTOOLS_LOG_LEVEL: 'WARN',
        SLUICE_SOURCE: 'catalog',
        SLUICE_BUCKET: bucket,
        CATALOG_BASE_URL: `${api.baseUrl}/public/continuation-header/`,
      },
    });
    // The function logs JSON lines to stdout too; the summary follows its marker.
    expect(JSON.parse(stdout.split('\nRESULT ')[1])).toMatchObject({ status: 'succeeded', resources: { items: { records: 8, pages: 3 } } });
    expect(api.requests.map((r) => [r.query.page, r.query.page_size, r.status, typeof r.headers[CONTINUATION_HEADER.toLowerCase()]])).toEqual([
      ['1', '3', 200, 'undefined'],
      ['2', '3', 200, 'string'],
      ['3', '3', 200, 'string'],
    ]);
  });
});

describe('the bundles of JSON sources (real esbuild bundling)', () => {
  let code: Record<string, string>;

  beforeAll(() => {
    code = bundledFunctions('basic');
  });

  it('carries the SSM client only in the function of the source that references secrets', () => {
    const withSecrets = readFileSync(join(code.acme, 'index.js'), 'utf8');
    const without = readFileSync(join(code['open-data'], 'index.js'), 'utf8');
    expect(/\bSSMClient=class\b/.test(withSecrets)).toBe(true);
    expect(/SSMClient|client-ssm/.test(without)).toBe(false);
    expect(statSync(join(code['open-data'], 'index.js')).size).toBeLessThan(statSync(join(code.acme, 'index.js')).size);
  });

  it('deploys one file, under 1 MiB with the SSM client: the asset is what the size target counts', () => {
    for (const source of ['acme', 'open-data']) expect(readdirSync(code[source])).toEqual(['index.js']);
    expect(statSync(join(code.acme, 'index.js')).size).toBeLessThan(1024 * 1024);
  });

  it("keeps the schemas of the SDK operations the engine sends and drops the others' (esbuild kept every one behind a computed key)", () => {
    const withSecrets = readFileSync(join(code.acme, 'index.js'), 'utf8');
    for (const used of ['GetObject', 'PutObject', 'ListObjectsV2', 'DeleteObjects', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'GetParameters', 'PutParameter']) {
      expect([used, new RegExp(`\\b${used}\\$=\\[9,`).test(withSecrets)]).toEqual([used, true]);
    }
    for (const unused of ['WriteGetObjectResponse', 'PutBucketCors', 'SelectObjectContent', 'GetBucketPolicy']) {
      expect([unused, new RegExp(`\\b${unused}\\$=`).test(withSecrets)]).toEqual([unused, false]);
    }
    // The errors a response can name stay registered, so they still arrive typed.
    expect(/\bNoSuchKey\$=\[-3,/.test(withSecrets) && /\bParameterNotFound\$=\[-3,/.test(withSecrets)).toBe(true);
  });

  it('loads without the SDK in node_modules: what it needs at init is inside', async () => {
    for (const source of ['acme', 'open-data']) {
      const script = `const m = require(${JSON.stringify(join(code[source], 'index.js'))}); process.stdout.write(typeof m.handler);`;
      // No NODE_PATH: a require of a package that is not bundled would fail here.
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
        cwd: code[source],
        env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', SLUICE_SOURCE: source, SLUICE_BUCKET: 'b', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      expect(stdout).toBe('function');
    }
  });
});
