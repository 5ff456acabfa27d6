import { COMMON_FLAGS, commandHelp } from '../../bin/cli/args';
import { COMMANDS } from '../../bin/cli/main';
import { runCli } from './support/runCli';

describe('sluice help <command>', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('documents every flag of %s with its value form and default', (_name, command) => {
    const help = commandHelp(command.name, command.summary, command.spec);
    expect(help).toContain(`usage: ${command.spec.usage}`);
    for (const [flag, def] of Object.entries({ ...command.spec.flags, ...COMMON_FLAGS })) {
      const line = help.split('\n').find((l) => l.trimStart().startsWith(`--${flag}${def.value ? ` ${def.value}` : ''}`));
      expect(line).toBeDefined();
      expect(def.description.length).toBeGreaterThan(10);
      expect(line).toContain(def.description);
      if (def.default) expect(line).toContain(`Default: ${def.default}.`);
    }
  });

  it('says the window flags\' types and that --to is exclusive', () => {
    const run = COMMANDS.find((c) => c.name === 'run');
    const help = commandHelp('run', run?.summary ?? '', run!.spec);
    expect(help).toMatch(/--from X\s+Backfill start \(inclusive\).*a number \(42\) or an ISO 8601 date or date-time/);
    expect(help).toMatch(/--to Y\s+Backfill end, exclusive/);
  });

  it('prints the same help for `help run` and `run --help`', async () => {
    const [a, b] = await Promise.all([runCli(['help', 'run']), runCli(['run', '--help'])]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('--max-pages N');
  });
});
