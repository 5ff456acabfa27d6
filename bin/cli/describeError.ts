/**
 * Turns any error into one readable paragraph for stderr: what failed (the
 * error's own message, which names the file, field path, parameter or URL),
 * then what to do. The stack trace only under `--verbose`. Also maps an error
 * to the exit code: 2 for input problems, 1 for everything else.
 */
import { isSluiceError } from '../../lambdas/errors/SluiceError';
import type { SluiceError } from '../../lambdas/errors/SluiceError';
import { redact } from '../../lambdas/secrets/Redactor';
import type { Style } from './style';
import { UsageError } from './UsageError';

/** Exit codes of the CLI (CONTRACT, "CLI"). */
export const EXIT = Object.freeze({ ok: 0, failed: 1, input: 2 });

/** The exit code for an error: `kind: 'input'` → 2, anything else → 1. */
export function exitCodeOf(error: unknown): number {
  return isSluiceError(error) && error.kind === 'input' ? EXIT.input : EXIT.failed;
}

/** The innermost sluice error of a chain of causes (a run failure wraps the real problem). */
function rootSluiceError(error: SluiceError): SluiceError {
  let current: SluiceError = error;
  for (let cause = current.cause; cause !== undefined; cause = (cause as { cause?: unknown }).cause) {
    if (isSluiceError(cause)) current = cause;
  }
  return current;
}

/** What to do about an error with this code and kind. */
export function hintFor(error: SluiceError): string {
  const root = rootSluiceError(error);
  const code = root.code;
  if (code === 'usage') return 'Run `sluice help` for every command and flag.';
  if (code === 'config_invalid') {
    return 'Fix the fields listed above (each line names its field path); `sluice validate <source>` checks a source without running it, and docs/writing-sources.md shows every block.';
  }
  if (code === 'secrets_file_invalid' || code === 'secret_invalid') {
    return 'A secrets file is a JSON object mapping SSM parameter paths to non-empty strings, e.g. {"/sluice/acme/api_token": "..."}.';
  }
  if (code === 'secret_access_denied') return 'Grant the IAM action named above to the credentials you run with (AWS_PROFILE), or run locally with --secrets-file FILE.';
  if (code.includes('secret')) {
    return 'Create each parameter as shown above, or run locally with --secrets-file FILE, a JSON object mapping each parameter path to its value (SSM is then not consulted).';
  }
  if (code === 'auth_failed') return 'Check the credentials the source refers to and the auth block (type, access_token_url, scopes); `sluice check <source>` retries just the first page.';
  if (code === 'resource_unknown') return 'Use resource names from the source (`sluice list` shows them) in --resources.';
  if (code === 'selector_no_match') return 'Set `data_selector` on that resource to the path of the record list in the response (docs/writing-sources.md, "Data selection").';
  if (code === 'pagination_loop' || code === 'paginator_invalid') {
    return 'Declare the paginator explicitly on the resource (docs/writing-sources.md, "Paginators"); --max-pages N limits a run while you experiment.';
  }
  if (code === 'jsonpath_invalid') return 'Fix the JSONPath named above (RFC 9535; `data`, `$.data` and `$.data[-1].id` are all valid forms).';
  if (code === 'parent_field_missing') return 'Check the {resources.<parent>.<field>} placeholder against the parent records (`sluice run <source> --resources <parent> --max-pages 1` shows them).';
  if (code === 'cursor_value_missing') return 'Fix `incremental.cursor_path`, or set `incremental.on_cursor_value_missing` to "include" or "exclude".';
  if (code === 'run_conflict' || code.includes('concurrent') || code.includes('lock')) {
    return 'Another run of this source is writing to the same place; wait for it to finish (a lock left by a process that died is taken over automatically).';
  }
  if (code.startsWith('http') || code.includes('auth') || code.includes('token')) {
    return 'Run `sluice check <source>` to test auth and the first page of every resource; add --verbose to see each request and retry.';
  }
  if (root.kind === 'input') return 'Fix the input named above and try again.';
  return 'Rerun with --verbose for details; a failed run leaves its committed data and state untouched, so rerunning is safe.';
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
}

/** The paragraph written to stderr for `error`, ending with a newline. Secrets are redacted. */
export function describeError(error: unknown, options: DescribeOptions): string {
  const { style } = options;
  const err = error instanceof Error ? error : new Error(String(error));
  const lines = [`${style.red(style.bold('error'))}: ${err.message}`];
  if (error instanceof UsageError && error.usage) lines.push(`usage: ${error.usage}`);
  const hint = isSluiceError(error) ? hintFor(error) : (awsHint(err) ?? 'This was not expected; rerun with --verbose for the stack trace.');
  lines.push(style.dim(hint));
  if (options.verbose) {
    for (let e: unknown = err; e instanceof Error; e = e.cause) lines.push(style.dim(e.stack ?? `${e.name}: ${e.message}`));
  }
  return redact(lines.join('\n')) + '\n';
}

/** The `--json` form of an error on stdout: `{ "error": { "code", "kind", "message" } }`. */
export function errorJson(error: unknown): { error: { code: string; kind: 'input' | 'run'; message: string } } {
  const message = redact(error instanceof Error ? error.message : String(error));
  if (isSluiceError(error)) return { error: { code: error.code, kind: error.kind, message } };
  return { error: { code: 'internal', kind: 'run', message } };
}
