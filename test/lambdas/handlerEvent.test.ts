import { HandlerInputError } from '../../lambdas/errors/HandlerInputError';
import { parseHandlerEvent } from '../../lambdas/handlerEvent';

describe('parseHandlerEvent', () => {
  it('reads the schedule target input, an EventBridge Scheduled Event and {} as a scheduled run', () => {
    expect(parseHandlerEvent({ trigger: 'schedule' })).toEqual({ kind: 'schedule' });
    expect(parseHandlerEvent({})).toEqual({ kind: 'schedule' });
    expect(
      parseHandlerEvent({ version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', resources: ['arn:aws:events:rule/x'], detail: {} }),
    ).toEqual({ kind: 'schedule' });
  });

  it('reads a manual payload', () => {
    expect(parseHandlerEvent({ mode: 'run', resources: ['issues'], max_pages: 2, from: '2026-01-01', dry_run: true })).toEqual({
      kind: 'manual',
      payload: { mode: 'run', resources: ['issues'], max_pages: 2, from: '2026-01-01', dry_run: true },
    });
    expect(parseHandlerEvent({ mode: 'check' })).toEqual({ kind: 'manual', payload: { mode: 'check' } });
  });

  it('reads a continuation', () => {
    expect(parseHandlerEvent({ continue: 'acme/_checkpoints/r.json' })).toEqual({ kind: 'continue', checkpointKey: 'acme/_checkpoints/r.json' });
  });

  it('rejects an unknown field, naming it and the accepted ones', () => {
    expect(() => parseHandlerEvent({ mode: 'run', max_page: 2 })).toThrow(HandlerInputError);
    expect(() => parseHandlerEvent({ mode: 'run', max_page: 2 })).toThrow(/unknown field "max_page" \(accepted: mode, resources, max_pages/);
  });

  it('rejects wrong types and a payload without mode', () => {
    expect(() => parseHandlerEvent({ mode: 'run', max_pages: 0 })).toThrow(/max_pages/);
    expect(() => parseHandlerEvent({ resources: ['a'] })).toThrow(/mode/);
    expect(() => parseHandlerEvent({ trigger: 'cron' })).toThrow(/trigger/);
    expect(() => parseHandlerEvent('run')).toThrow(/JSON object/);
    expect(() => parseHandlerEvent({ mode: 'check', dry_run: true })).toThrow(/mode "check" takes only "resources"/);
  });
});
