/**
 * `sluice invoke`'s flags and the handler's payload follow one check-mode rule:
 * what the CLI refuses for `--mode check` is what the handler refuses in the
 * payload, flag for field.
 */
import { parseCommandArgs } from '../../bin/cli/args';
import { invokeCommand, invokePayload } from '../../bin/cli/commands/invoke';
import { UsageError } from '../../bin/cli/UsageError';
import { HandlerInputError } from '../../lambdas/errors/HandlerInputError';
import { parseHandlerEvent } from '../../lambdas/handlerEvent';

const argsOf = (argv: string[]) => parseCommandArgs(['acme', ...argv], invokeCommand.spec);

describe('invokePayload with --mode check', () => {
  it.each([
    [['--max-pages', '2'], { max_pages: 2 }],
    [['--from', '2026-01-01'], { from: '2026-01-01' }],
    [['--to', '2026-02-01'], { to: '2026-02-01' }],
    [['--dry-run'], { dry_run: true }],
  ])('refuses %j, as the handler refuses the field in a check payload', (flags, field) => {
    expect(() => invokePayload(argsOf(['--mode', 'check', ...flags]))).toThrow(UsageError);
    expect(() => invokePayload(argsOf(['--mode', 'check', ...flags]))).toThrow('--mode check takes only --resources (a check reads one page and writes nothing)');
    expect(() => parseHandlerEvent({ mode: 'check', ...field })).toThrow(HandlerInputError);
    expect(() => parseHandlerEvent({ mode: 'check', ...field })).toThrow('mode "check" takes only "resources" (a check reads one page and writes nothing)');
  });

  it('builds a payload of mode and resources that the handler takes as a check', () => {
    const payload = invokePayload(argsOf(['--mode', 'check', '--resources', 'users,posts']));
    expect(payload).toEqual({ mode: 'check', resources: ['users', 'posts'] });
    expect(parseHandlerEvent(payload)).toEqual({ kind: 'manual', payload });
  });
});
