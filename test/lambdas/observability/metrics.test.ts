import { Metrics } from '@aws-lambda-powertools/metrics';
import { RunMetrics } from '../../../lambdas/observability/metrics';

function emfLines(run: () => void): Array<Record<string, unknown>> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return chunks
    .join('')
    .split('\n')
    .filter((l) => l.includes('_aws'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('RunMetrics', () => {
  it('publishes one EMF line per resource and one per source with RunSucceeded', () => {
    const metrics = new RunMetrics('acme', new Metrics({ namespace: 'sluice-test', serviceName: 'sluice' }));
    metrics.add('records', 10, 'issues');
    metrics.add('records', 5, 'issues');
    metrics.add('pages', 2, 'issues');
    metrics.add('bytes', 2048, 'issues');
    metrics.add('files', 1, 'issues');
    metrics.add('retries', 1, 'issues');
    metrics.add('tokenRequests', 1);
    metrics.duration(1200);
    metrics.outcome(true);
    const lines = emfLines(() => metrics.flush());
    const issues = lines.find((l) => l.resource === 'issues');
    const source = lines.find((l) => l.resource === undefined);
    expect(issues).toMatchObject({ source: 'acme', Records: 15, Pages: 2, Bytes: 2048, Files: 1, Retries: 1 });
    expect(source).toMatchObject({ source: 'acme', TokenRequests: 1, DurationMs: 1200, RunSucceeded: 1 });
    expect(lines).toHaveLength(2);
  });

  it('sums counters across resources and starts from zero after a flush', () => {
    const metrics = new RunMetrics('acme');
    metrics.add('records', 3, 'a');
    metrics.add('records', 4, 'b');
    expect(metrics.total('records')).toBe(7);
    expect(metrics.total('records', 'a')).toBe(3);
    metrics.flush();
    expect(metrics.total('records')).toBe(0);
  });

  it('publishes RunSucceeded 0 for a failed run even with nothing else counted', () => {
    const metrics = new RunMetrics('acme', new Metrics({ namespace: 'sluice-test' }));
    metrics.outcome(false);
    const lines = emfLines(() => metrics.flush());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ source: 'acme', RunSucceeded: 0 });
  });

  it('publishes CatalogRegistered 0 for a committed run whose registration failed, next to RunSucceeded 1', () => {
    const metrics = new RunMetrics('acme', new Metrics({ namespace: 'sluice-test' }));
    metrics.outcome(true);
    metrics.catalog(false);
    const lines = emfLines(() => metrics.flush());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ source: 'acme', RunSucceeded: 1, CatalogRegistered: 0 });
    expect(emfLines(() => metrics.flush())).toEqual([]);
  });
});
