import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoApi } from '../../demo/demoApi';
import { runCli, tempDir } from './support/runCli';

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
  });
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
