/**
 * The `sluice` command line: picks the subcommand, parses its flags, runs it
 * and turns any error into one readable paragraph and an exit code (0 success,
 * 1 a failed run or check, 2 invalid input). With `--json`, stdout carries
 * exactly one JSON object, errors included.
 */
import { boolFlag, commandHelp, parseCommandArgs } from './args';
import type { CliContext, Command } from './Command';
import { checkCommand } from './commands/check';
import { demoCommand } from './commands/demo';
import { initCommand } from './commands/init';
import { invokeCommand } from './commands/invoke';
import { listCommand } from './commands/list';
import { runCommand } from './commands/run';
import { queryCommand } from './commands/query';
import { runsCommand } from './commands/runs';
import { showCommand } from './commands/show';
import { stateCommand } from './commands/state';
import { validateCommand } from './commands/validate';
import { describeError, errorJson, EXIT, exitCodeOf } from './describeError';
import { processTerminal } from './Terminal';
import type { Terminal } from './Terminal';
import { UsageError } from './UsageError';
import { SLUICE_VERSION } from '../../lambdas/version';

/** Every subcommand, in the order `sluice help` lists them. */
export const COMMANDS: readonly Command[] = [initCommand, validateCommand, checkCommand, runCommand, runsCommand, stateCommand, queryCommand, showCommand, listCommand, invokeCommand, demoCommand];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'sluice: scheduled REST API extractors to S3, run locally or on AWS Lambda.',
    '',
    'usage: sluice <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --verbose (debug logs, stack traces) and --help; `sluice help <command>` lists its flags.',
    '<source> is a path to a .json/.ts file or the name of a source in sources/.',
    'Exit codes: 0 success, 1 a failed run or check, 2 invalid input.',
    'Reference: docs/cli.md',
    '',
  ].join('\n');
}

/**
 * Runs the CLI with `argv` (the words after `sluice`).
 * @returns the exit code
 */
export async function main(argv: readonly string[], terminal: Terminal = processTerminal()): Promise<number> {
  const [name, ...rest] = argv;
  const helpOf = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
  if (helpOf) {
    terminal.out(commandHelp(helpOf.name, helpOf.summary, helpOf.spec));
    return EXIT.ok;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    terminal.out(helpText());
    return name === undefined ? EXIT.input : EXIT.ok;
  }
  if (name === '--version' || name === 'version') {
    terminal.out(`${SLUICE_VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const json = rest.includes('--json');
  const verbose = rest.includes('--verbose') || rest.includes('-v');
  try {
    if (!command) throw new UsageError(`unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`, 'sluice <command> [options]');
    const args = parseCommandArgs(rest, command.spec);
    if (boolFlag(args, 'help')) {
      terminal.out(commandHelp(command.name, command.summary, command.spec));
      return EXIT.ok;
    }
    const context: CliContext = { terminal, verbose: boolFlag(args, 'verbose'), sourcesDir: terminal.env.SLUICE_SOURCES_DIR || 'sources' };
    return await command.run(args, context);
  } catch (error) {
    if (json) terminal.out(`${JSON.stringify(errorJson(error))}\n`);
    terminal.err(describeError(error, { verbose, style: terminal.errStyle }));
    return exitCodeOf(error);
  }
}
