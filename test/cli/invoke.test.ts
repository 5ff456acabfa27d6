/**
 * `sluice invoke` against moto. moto lists Lambda functions without Docker but
 * runs them only with Docker, which the test environment lacks: these tests
 * cover the argument handling and the lookup of the source's function.
 */
import { runCli, singleJson } from './support/runCli';

describe('sluice invoke', () => {
  it('exits 2 for a payload that is not a JSON object', async () => {
    const notJson = await runCli(['invoke', 'acme', '--payload', '{mode: check}']);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('--payload is not valid JSON');
    const list = await runCli(['invoke', 'acme', '--payload', '[1]']);
    expect(list.code).toBe(2);
    expect(list.stderr).toContain('--payload must be a JSON object');
  });

  it('exits 2 when --payload is combined with payload flags, or flags do not fit the mode', async () => {
    const both = await runCli(['invoke', 'acme', '--payload', '{"mode":"check"}', '--mode', 'run']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--payload replaces --mode');
    const mode = await runCli(['invoke', 'acme', '--mode', 'backfill']);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain('--mode must be "run", "check" or "state"');
    const state = await runCli(['invoke', 'acme', '--mode', 'state', '--resources', 'items']);
    expect(state.code).toBe(2);
    expect(state.stderr).toContain('--mode state takes no other flag (it shows the state); to change it, send --payload');
    const check = await runCli(['invoke', 'acme', '--mode', 'check', '--max-pages', '2']);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('--mode check takes only --resources');
    const target = await runCli(['invoke', 'acme', '--stack', 'S', '--function', 'f']);
    expect(target.code).toBe(2);
  });

  it('exits 2 naming the tag, the variable and the region when no function is deployed for the source', async () => {
    const result = await runCli(['invoke', 'no-such-source-7f3a', '--mode', 'check']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no deployed function for source "no-such-source-7f3a"');
    expect(result.stderr).toContain('sluice:source=no-such-source-7f3a');
    expect(result.stderr).toContain('SLUICE_SOURCE=no-such-source-7f3a');
    expect(result.stderr).toContain('region us-east-1');
  });

  it('reports the lookup failure as one JSON object with --json', async () => {
    const result = await runCli(['invoke', 'no-such-source-7f3a', '--json']);
    expect(result.code).toBe(2);
    expect(singleJson(result.stdout)).toMatchObject({ error: { code: 'function_not_found', kind: 'input' } });
  });
});
