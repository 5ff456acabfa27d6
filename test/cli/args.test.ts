import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, singleJson, tempDir, writeJson } from './support/runCli';

describe('sluice (arguments and exit codes)', () => {
  it('prints the command list for help and exits 0', async () => {
    const result = await runCli(['help']);
    expect(result.code).toBe(0);
    for (const command of ['validate', 'check', 'run', 'list', 'invoke', 'demo']) expect(result.stdout).toContain(command);
  });

  it('exits 2 with the command list when no command is given', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('usage: sluice <command>');
  });

  it('exits 2 naming an unknown command', async () => {
    const result = await runCli(['runn', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command "runn"; commands: init, validate, check, run, runs, state, query, show, list, invoke, demo/);
  });

  it('exits 2 with the usage line for an unknown flag', async () => {
    const result = await runCli(['run', 'demo', '--outt', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--outt'");
    expect(result.stderr).toContain('usage: sluice run <source>');
  });

  it('exits 2 when a required argument is missing', async () => {
    const result = await runCli(['check']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing argument: <source>');
  });

  it('exits 2 for --out with --bucket and for a bad --max-pages', async () => {
    const both = await runCli(['run', 'demo/source.json', '--out', 'x', '--bucket', 'b']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--out and --bucket cannot be used together');
    const pages = await runCli(['run', 'demo/source.json', '--max-pages', 'lots']);
    expect(pages.code).toBe(2);
    expect(pages.stderr).toContain('--max-pages must be a positive whole number, got "lots"');
  });

  it('prints the error as one JSON object on stdout with --json', async () => {
    const result = await runCli(['run', 'no-such-source', '--json']);
    expect(result.code).toBe(2);
    expect(singleJson(result.stdout)).toEqual({ error: { code: 'config_invalid', kind: 'input', message: expect.stringContaining('no source "no-such-source"') } });
  });

  it('says a source name that is neither a file nor a source of the sources folder is no source, listing those found', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sources'));
    for (const name of ['billing', 'acme']) writeJson(join(dir, 'sources'), `${name}.json`, { name, client: { base_url: 'https://x.test/' }, resources: ['a'] });
    const result = await runCli(['run', 'nosuch'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no source "nosuch": not a file, and no source of that name in sources/ (found: acme, billing)');
  });

  it('shows the stack trace only with --verbose', async () => {
    const quiet = await runCli(['run', 'no-such-source']);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const verbose = await runCli(['run', 'no-such-source', '--verbose']);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });
});
