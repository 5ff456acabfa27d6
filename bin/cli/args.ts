/**
 * Argument parsing on `node:util` parseArgs, strict: an unknown flag, a missing
 * value or an extra positional is a {@link UsageError} (exit 2) that shows the
 * command's usage. Helpers turn string flags into checked numbers and lists.
 */
import { parseArgs } from 'node:util';
import type { CursorType } from '../../lambdas/incremental/CursorType';
import { acceptedForms, compareKeys, cursorTypeOf, readCursor, typeName } from '../../lambdas/incremental/CursorType';
import { UsageError } from './UsageError';

/** One flag: what parseArgs needs, and what `sluice help <cmd>` prints about it. */
export interface FlagDef {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's placeholder in help (`DIR`, `N`, `a,b`); string flags only. */
  readonly value?: string;
  /** What the command does without the flag, in words (`./data`, `every resource`). */
  readonly default?: string;
  /** What the flag does and the form of its value. */
  readonly description: string;
}

/** The flag declarations of a command. */
export type FlagSpec = Record<string, FlagDef>;

/** What a command accepts. */
export interface CommandSpec {
  /** `sluice run <source> [--out DIR] ...`, shown with every usage error. */
  readonly usage: string;
  readonly flags: FlagSpec;
  /** Positionals required. */
  readonly minPositionals: number;
  /** Positionals allowed. */
  readonly maxPositionals: number;
}

/** Parsed arguments. */
export interface ParsedArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: readonly string[];
}

/** Flags every command takes. */
export const COMMON_FLAGS: FlagSpec = {
  verbose: { type: 'boolean', short: 'v', description: 'Debug logs (every request, page and retry) and stack traces, on stderr.' },
  help: { type: 'boolean', short: 'h', description: 'Print this help.' },
};

/** The options parseArgs takes: only its own keys of each flag. */
function parseArgsOptions(flags: FlagSpec): Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> {
  return Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [name, { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) }]),
  );
}

/**
 * The help of a command: usage, what it does, then every flag (the common
 * ones included) with its value's form and its default.
 */
export function commandHelp(name: string, summary: string, spec: CommandSpec): string {
  const flags = Object.entries({ ...spec.flags, ...COMMON_FLAGS });
  const label = ([flag, def]: [string, FlagDef]): string => `--${flag}${def.value ? ` ${def.value}` : ''}${def.short ? `, -${def.short}` : ''}`;
  const width = Math.max(...flags.map((f) => label(f).length));
  const lines = flags.map((f) => {
    const [, def] = f;
    const extra = [def.multiple ? 'Repeatable.' : '', def.default ? `Default: ${def.default}.` : ''].filter(Boolean).join(' ');
    return `  ${label(f).padEnd(width)}  ${def.description}${extra ? ` ${extra}` : ''}`;
  });
  return [`usage: ${spec.usage}`, '', summary, '', 'flags:', ...lines, '', `Reference: docs/cli.md#${name}`, ''].join('\n');
}

/**
 * Parses `argv` (the words after the command name) against `spec`.
 * @throws UsageError naming the offending flag or argument
 */
export function parseCommandArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: parseArgsOptions({ ...COMMON_FLAGS, ...spec.flags }), allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' messages are good ("Unknown option '--outt'"); keep them, drop its hint about '--' which our commands do not use.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''), spec.usage);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { values, positionals: parsed.positionals };
  if (parsed.positionals.length < spec.minPositionals) {
    throw new UsageError(`missing argument: ${spec.usage.split(' ').find((w) => w.startsWith('<')) ?? 'a positional argument'}`, spec.usage);
  }
  if (parsed.positionals.length > spec.maxPositionals) {
    throw new UsageError(`unexpected argument "${parsed.positionals[spec.maxPositionals]}"`, spec.usage);
  }
  return { values, positionals: parsed.positionals };
}

/** A string flag's value, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A boolean flag. */
export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/**
 * A positive integer flag, or undefined.
 * @throws UsageError when the value is not a positive integer
 */
export function positiveIntFlag(args: ParsedArgs, name: string, usage: string): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${name} must be a positive whole number, got "${raw}"`, usage);
  return Number(raw);
}

/**
 * A comma-separated list flag (`--resources a,b`), or undefined.
 * @throws UsageError when the list is empty
 */
export function listFlag(args: ParsedArgs, name: string, usage: string): string[] | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${name} needs at least one name, e.g. --${name} users,orders`, usage);
  return items;
}

/** The cursor of one incremental resource a window bound must fit (`--from`, `--to`). */
export interface WindowCursor {
  readonly resource: string;
  /** Declared by `initial_value`, `end_value` or `datetime_format`; undefined: any cursor value. */
  readonly type: CursorType | undefined;
  readonly datetimeFormat?: string | undefined;
}

/**
 * A window bound (`--from`, `--to`), checked against the cursor types: it must
 * be a cursor value at all (a number, or an ISO 8601 date or date-time, or a
 * date-time in a resource's `datetime_format`) and of the type each of
 * `cursors` declares. A number when it reads as one, else the string as given.
 * @throws UsageError naming the flag, the resource and the accepted forms
 */
export function windowFlag(args: ParsedArgs, name: string, usage: string, cursors: readonly WindowCursor[] = []): string | number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const formatted = cursors.find((c) => c.datetimeFormat !== undefined && readCursor(raw, 'datetime', c));
  if (cursorTypeOf(raw) === undefined && !formatted) {
    const format = cursors.find((c) => c.datetimeFormat !== undefined);
    throw new UsageError(`--${name} "${raw}" is not a cursor value; accepted: ${acceptedForms(undefined, format ?? {})}`, usage);
  }
  for (const cursor of cursors) {
    if (cursor.type && !readCursor(raw, cursor.type, cursor)) {
      throw new UsageError(`--${name} "${raw}" does not fit resource "${cursor.resource}", whose cursor is ${typeName(cursor.type)}; accepted: ${acceptedForms(cursor.type, cursor)}`, usage);
    }
  }
  return /^-?\d+(\.\d+)?$/.test(raw) && !cursors.some((c) => c.type === 'datetime') ? Number(raw) : raw;
}

/**
 * `--from` and `--to` ({@link windowFlag} each), and `--from` before `--to`.
 * @throws UsageError for a bound of no cursor type or an empty window
 */
export function windowFlags(args: ParsedArgs, usage: string, cursors: readonly WindowCursor[] = []): { from?: string | number; to?: string | number } {
  const from = windowFlag(args, 'from', usage, cursors);
  const to = windowFlag(args, 'to', usage, cursors);
  if (from !== undefined && to !== undefined) {
    const format = cursors.find((c) => c.datetimeFormat !== undefined) ?? {};
    const type = cursorTypeOf(from, format);
    const [a, b] = [from, to].map((v) => (type ? readCursor(v, type, format) : undefined));
    if (a && b && compareKeys(a, b) >= 0) throw new UsageError(`--from "${from}" must be before --to "${to}" (the window [--from, --to) is empty)`, usage);
  }
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}
