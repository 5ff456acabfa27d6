import { createStderrLogger } from '../../../lambdas/observability/StderrLogger';
import { addSecret, clearSecrets } from '../../../lambdas/secrets/Redactor';

describe('createStderrLogger', () => {
  afterEach(() => clearSecrets());

  it('writes level, message and attributes with secrets redacted', () => {
    addSecret('hunter2-secret');
    const lines: string[] = [];
    const logger = createStderrLogger({ write: (l) => lines.push(l) }).child({ source: 'acme' });
    logger.info('token hunter2-secret refused', { resource: 'issues', note: 'a b' });
    expect(lines).toEqual(['INFO  token *** refused source=acme resource=issues note="a b"\n']);
  });

  it('writes one JSON object per line in json mode and honours the level', () => {
    const lines: string[] = [];
    const logger = createStderrLogger({ json: true, level: 'warn', write: (l) => lines.push(l), now: () => new Date('2026-01-01T00:00:00.000Z') });
    logger.info('hidden');
    logger.warn('shown', { records: 2 });
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ level: 'WARN', message: 'shown', timestamp: '2026-01-01T00:00:00.000Z', records: 2 }]);
  });
});
