/**
 * The shape of one `sluice` subcommand: its usage, its flags and the function
 * that runs it and returns the exit code.
 */
import type { CommandSpec, ParsedArgs } from './args';
import type { Terminal } from './Terminal';

/** What every command receives besides its arguments. */
export interface CliContext {
  readonly terminal: Terminal;
  /** `--verbose`: debug logs and stack traces. */
  readonly verbose: boolean;
  /** Where source names are looked up. @default 'sources' (or SLUICE_SOURCES_DIR) */
  readonly sourcesDir: string;
}

/** One subcommand. */
export interface Command {
  readonly name: string;
  /** One line for `sluice help`. */
  readonly summary: string;
  readonly spec: CommandSpec;
  /** Runs the command; returns the exit code. Throws to report an error (its kind picks the code). */
  run(args: ParsedArgs, context: CliContext): Promise<number>;
}
