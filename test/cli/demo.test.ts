import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoApi } from '../../demo/demoApi';
import { runCli, tempDir } from './support/runCli';

/** The demo's closing query, as it prints the answer. */
const ANSWER = /status\s+orders\s+amount\n\s*placed\s+9\s+201\.96\n\s*shipped\s+8\s+157\n\s*paid\s+7\s+138\.67\n\s*refunded\s+2\s+30\.37\n/;

/** The words of a printed command line: split at spaces, a '…' quoted word kept whole. */
function shellWords(line: string): string[] {
  return [...line.trim().matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]));
}

describe('sluice demo', () => {
  it('runs the demo offline: a full run, the files, records, then an incremental rerun on the cached token', async () => {
    const out = tempDir('sluice-demo-');
    const result = await runCli(['demo', '--out', out], { env: { NO_COLOR: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/demo API listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stdout).toMatch(/customers\s+12\s+3\s+1/);
    expect(result.stdout).toMatch(/invoices\s+12\s/);
    expect(result.stdout).toMatch(/products\s+7\s+3\s+1/);
    expect(result.stdout).toMatch(/orders\s+25\s+3\s+1/);
    expect(result.stdout).toContain('"id":"ord_001"');
    expect(result.stdout).toContain('orders in run 2: 3 (only what changed since run 1');
    expect(result.stdout).toContain('OAuth2 token requests to the demo API: 1');
    expect(result.stdout).not.toContain('demo-client-secret');
    expect(readdirSync(join(out, 'demo', '_manifests'))).toHaveLength(2);
    expect(existsSync(join(out, 'demo', 'orders'))).toBe(true);
    // It ends with one query on the committed view it wrote: 26 orders, the 2 changed ones once, as refunded.
    expect(result.stdout).toMatch(ANSWER);
  });

  it('tells the truth on a second run into the same folder, and its hints work as printed', async () => {
    const out = tempDir('sluice-demo-');
    expect((await runCli(['demo', '--out', out], { env: { NO_COLOR: '1' } })).code).toBe(0);
    const again = await runCli(['demo', '--out', out], { env: { NO_COLOR: '1' } });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('run 1: every resource');
    expect(again.stdout).toMatch(/run 1: \S+ already holds 2 committed runs of an earlier demo, so orders continue from the stored cursor "\d{4}-/);
    expect(again.stdout).toMatch(/orders\s+0\s+1\s+0/);
    expect(again.stdout).toContain('orders in run 1: 0 new');
    // The same orders, still each once: merge keeps the latest version of each.
    expect(again.stdout).toMatch(ANSWER);

    const hints = again.stdout.split('\n').filter((line) => line.startsWith('  npx sluice ') && !line.includes('<'));
    expect(hints.map((h) => shellWords(h)[2])).toEqual(['query', 'show', 'runs', 'state', 'validate']);
    for (const hint of hints) {
      const result = await runCli(shellWords(hint).slice(2), { env: { NO_COLOR: '1' } });
      expect({ hint, code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ hint, code: 0, stderr: '' });
      if (shellWords(hint)[2] === 'query') expect(result.stdout).toMatch(ANSWER);
      if (shellWords(hint)[2] === 'runs') expect(result.stdout.match(/succeeded/g)).toHaveLength(4);
    }
    // Seven CLI processes, two of them whole demos: more than the default allowance on a busy machine.
  }, 600_000);
});

describe('startDemoApi', () => {
  it('refuses API requests without a token it issued', async () => {
    const api = await startDemoApi();
    try {
      const response = await fetch(`${api.baseUrl}/v1/customers`, { headers: { authorization: 'Bearer forged' } });
      expect(response.status).toBe(401);
      const token = await fetch(`${api.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=demo-client&client_secret=wrong',
      });
      expect(token.status).toBe(401);
      expect(api.tokenRequests()).toBe(0);
    } finally {
      await api.close();
    }
  });
});
