import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FIXTURES } from './testApp';

const ROOT = resolve(__dirname, '..', '..');

/** Runs bin/app.ts the way the CDK CLI does (context and outdir through the environment). */
async function synth(context: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const env = { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'sluice-synth-')) };
  try {
    await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/app.ts'], { cwd: ROOT, env });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe('bin/app.ts', () => {
  it('fails synth with the field-path message and no stack trace when a source is invalid', async () => {
    const { code, stderr } = await synth({ sources: join(FIXTURES, 'invalid') });
    expect(code).toBe(1);
    expect(stderr).toMatch(/broken\.json: invalid source definition \(1 problem\):\n {2}- client\.auth\.token: a credential must be a secret reference/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('fails synth saying where to add a source when the directory has none', async () => {
    const { code, stderr } = await synth({ sources: join(FIXTURES, 'empty') });
    expect(code).toBe(1);
    expect(stderr).toMatch(/no sources found in .*empty\/; .*-c sources=/);
  });

  it('rejects an unknown resource to omit, naming the context key', async () => {
    const { code, stderr } = await synth({ sources: join(FIXTURES, 'basic'), 'sluice:e2e-omit': 'alarms' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/- sluice:e2e-omit: unknown alarms; accepted: scheduler/);
  });

  it('hands the databaseName context to the stack, whose extractors check it', async () => {
    const { code, stderr } = await synth({ sources: join(FIXTURES, 'basic'), databaseName: 'My-Lake' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/- database: "My-Lake" is not a Glue database name/);
  });
});
