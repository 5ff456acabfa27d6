/**
 * Turns any error into one readable paragraph for stderr: what failed (the
 * error's own message, which names the file, field path, parameter or URL),
 * then what to do (a sluice error's own `hint`). The stack trace only under
 * `--verbose`. Also maps an error to the exit code: 2 for input problems, 1 for
 * everything else.
 */
import { isSluiceError } from '../../lambdas/errors/SluiceError';
import type { SluiceErrorCode, SluiceErrorKind } from '../../lambdas/errors/SluiceErrorCode';
import { redact } from '../../lambdas/secrets/Redactor';
import type { Style } from './style';
import { UsageError } from './UsageError';

/** Exit codes of the CLI (CONTRACT, "CLI"). */
export const EXIT = Object.freeze({ ok: 0, failed: 1, input: 2 });

/** The exit code for an error: `kind: 'input'` → 2, anything else → 1. */
export function exitCodeOf(error: unknown): number {
  return isSluiceError(error) && error.kind === 'input' ? EXIT.input : EXIT.failed;
}

function awsHint(error: Error): string | undefined {
  if (error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message)) {
    return 'No AWS credentials were found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and AWS_REGION, or run without AWS using --out DIR and --secrets-file FILE.';
  }
  if (/Region is missing/i.test(error.message)) return 'Set AWS_REGION (or AWS_DEFAULT_REGION), e.g. AWS_REGION=eu-west-1.';
  return undefined;
}

/** Options of {@link describeError}. */
export interface DescribeOptions {
  readonly verbose: boolean;
  readonly style: Style;
  /** The message was already printed (in a run summary): write only the hint (and, verbose, the stack). @default false */
  readonly messageShown?: boolean;
}

/** The paragraph written to stderr for `error`, ending with a newline. Secrets are redacted. */
export function describeError(error: unknown, options: DescribeOptions): string {
  const { style } = options;
  const err = error instanceof Error ? error : new Error(String(error));
  // A run's summary already printed its error: then only the remedy follows, not the message again.
  const lines = options.messageShown ? [] : [`${style.red(style.bold('error'))}: ${err.message}`];
  if (error instanceof UsageError && error.usage) lines.push(`usage: ${error.usage}`);
  const hint = isSluiceError(error) ? error.hint : (awsHint(err) ?? 'This was not expected; rerun with --verbose for the stack trace.');
  lines.push(style.dim(hint));
  if (options.verbose) {
    for (let e: unknown = err; e instanceof Error; e = e.cause) lines.push(style.dim(e.stack ?? `${e.name}: ${e.message}`));
  }
  return redact(lines.join('\n')) + '\n';
}

/** The `--json` form of an error on stdout: `{ "error": { "code", "kind", "message" } }`. */
export function errorJson(error: unknown): { error: { code: SluiceErrorCode | 'internal'; kind: SluiceErrorKind; message: string } } {
  const message = redact(error instanceof Error ? error.message : String(error));
  if (isSluiceError(error)) return { error: { code: error.code, kind: error.kind, message } };
  return { error: { code: 'internal', kind: 'run', message } };
}
