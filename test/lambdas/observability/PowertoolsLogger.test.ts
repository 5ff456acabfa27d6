import { Logger as Powertools } from '@aws-lambda-powertools/logger';
import { PowertoolsLogger } from '../../../lambdas/observability/PowertoolsLogger';
import { addSecret, clearSecrets } from '../../../lambdas/secrets/Redactor';

function captureOutput(): { lines: () => Array<Record<string, unknown>>; restore: () => void } {
  const chunks: string[] = [];
  // Powertools writes info/debug to stdout and warn/error to stderr.
  const capture = (chunk: string | Uint8Array): boolean => {
    chunks.push(String(chunk));
    return true;
  };
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  return {
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    restore: () => spies.forEach((s) => s.mockRestore()),
  };
}

describe('PowertoolsLogger', () => {
  afterEach(() => clearSecrets());

  it('writes structured JSON with the child attributes and no secret value', () => {
    addSecret('sk_live_abcdef123456');
    const out = captureOutput();
    try {
      const logger = new PowertoolsLogger({ powertools: new Powertools({ serviceName: 'sluice-test', logLevel: 'DEBUG' }) });
      logger
        .child({ run_id: 'r1', source: 'acme' })
        .child({ resource: 'issues' })
        .info('fetched https://x/?key=sk_live_abcdef123456', { url: 'https://x/?key=sk_live_abcdef123456', records: 3, error: new Error('bad sk_live_abcdef123456') });
    } finally {
      out.restore();
    }
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'INFO', run_id: 'r1', source: 'acme', resource: 'issues', records: 3, service: 'sluice-test' });
    expect(JSON.stringify(line)).not.toContain('sk_live_abcdef123456');
    expect(line.message).toBe('fetched https://x/?key=***');
    expect(line.error).toMatchObject({ name: 'Error', message: 'bad ***' });
  });

  it('drops debug lines below the configured level', () => {
    const out = captureOutput();
    try {
      const logger = new PowertoolsLogger({ powertools: new Powertools({ serviceName: 's', logLevel: 'INFO' }) });
      logger.debug('per page');
      logger.warn('truncated');
    } finally {
      out.restore();
    }
    expect(out.lines().map((l) => l.message)).toEqual(['truncated']);
  });
});
