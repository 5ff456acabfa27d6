/**
 * `sluice invoke <source>`: invokes the deployed function of a source by hand
 * (synchronously, `LogType: Tail`) and prints what it returned and the tail of
 * its log. The payload is `--payload JSON`, or built from `--mode` and the run
 * flags (`{"mode":"run","resources":[…],"max_pages":N,…}`).
 */
import { DRY_RUN, FROM, jsonFlag, MAX_PAGES, RESOURCES, TO } from '../flags';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { findSourceFile, readDefinition } from '../../../lambdas/config/loadSource';
import { SOURCE_NAME } from '../../../lambdas/config/names';
import { HandlerInputError } from '../../../lambdas/errors/HandlerInputError';
import { CHECK_FIELDS, CHECK_READS_ONE_PAGE, fieldsCheckRefuses, parseHandlerEvent } from '../../../lambdas/handlerEvent';
import type { StateResponse } from '../../../lambdas/run/stateChange';
import type { CheckResponse } from '../../../lambdas/run/checkSource';
import type { RunSummary } from '../../../lambdas/run/RunSummary';
import { boolFlag, listFlag, positiveIntFlag, stringFlag, windowFlags } from '../args';
import type { ParsedArgs } from '../args';
import type { CliContext, Command } from '../Command';
import { parseLambdaFailure } from '../../../lambdas/errors/lambdaErrorType';
import type { LambdaFailure } from '../../../lambdas/errors/lambdaErrorType';
import { EXIT } from '../describeError';
import { findSourceFunction } from '../findFunction';
import { formatSummary } from '../formatSummary';
import { formatCheck } from './check';
import { formatStateResponse } from './state';
import { UsageError } from '../UsageError';

const USAGE =
  'sluice invoke <source> [--payload JSON | --mode check|run|state [--resources a,b] [--max-pages N] [--from X --to Y] [--dry-run]] [--stack NAME | --function NAME] [--json]';

/**
 * Builds the invocation payload from the flags and checks it with the
 * handler's own parser, so a payload the function would refuse is refused
 * here, before anything is sent.
 * @throws UsageError naming every problem of the payload
 */
export function invokePayload(args: ParsedArgs): Record<string, unknown> {
  const payload = buildPayload(args);
  try {
    parseHandlerEvent(payload);
  } catch (error) {
    if (!(error instanceof HandlerInputError)) throw error;
    const from = stringFlag(args, 'payload') !== undefined ? '--payload' : 'the payload';
    throw new UsageError(`${from} ${JSON.stringify(payload)} would be refused by the function, so nothing was sent: ${error.problems.join('; ')}`, USAGE);
  }
  return payload;
}

function buildPayload(args: ParsedArgs): Record<string, unknown> {
  const raw = stringFlag(args, 'payload');
  const runFlags = ['mode', 'resources', 'max-pages', 'from', 'to', 'dry-run'].filter((f) => args.values[f] !== undefined);
  if (raw !== undefined) {
    if (runFlags.length > 0) throw new UsageError(`--payload replaces --${runFlags.join(', --')}: put those fields in the payload`, USAGE);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new UsageError(`--payload is not valid JSON: ${(error as Error).message}`, USAGE);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('--payload must be a JSON object, e.g. {"mode":"check"}', USAGE);
    return parsed as Record<string, unknown>;
  }
  const mode = stringFlag(args, 'mode') ?? 'run';
  if (mode !== 'run' && mode !== 'check' && mode !== 'state') throw new UsageError(`--mode must be "run", "check" or "state", got "${mode}"`, USAGE);
  const payload: Record<string, unknown> = { mode };
  if (mode === 'state') {
    // Reading the state takes no flag; a change goes as a --payload, which is its own confirmation.
    if (runFlags.length > 1) throw new UsageError(`--mode state takes no other flag (it shows the state); to change it, send --payload '{"mode":"state","reset":true,"resources":["a"]}' or '{"mode":"state","set":{"a":"2026-01-01T00:00:00Z"}}'`, USAGE);
    return payload;
  }
  const resources = listFlag(args, 'resources', USAGE);
  if (resources) payload.resources = resources;
  // Each run flag is the payload field of the same name (`--max-pages` → `max_pages`): the handler's check rule decides.
  if (mode === 'check' && fieldsCheckRefuses(runFlags.map((flag) => flag.replace(/-/g, '_'))).length > 0) {
    throw new UsageError(`--mode check takes only ${CHECK_FIELDS.map((f) => `--${f.replace(/_/g, '-')}`).join(', ')} (${CHECK_READS_ONE_PAGE})`, USAGE);
  }
  const maxPages = positiveIntFlag(args, 'max-pages', USAGE);
  if (maxPages !== undefined) payload.max_pages = maxPages;
  Object.assign(payload, windowFlags(args, USAGE));
  if (boolFlag(args, 'dry-run')) payload.dry_run = true;
  return payload;
}

/**
 * The exit code of an invocation: a function error exits 2 when the error's
 * kind (carried in its `errorType`) is `input`, else 1; a check that found
 * problems and a failed run summary exit 1.
 */
export function invocationExitCode(failure: LambdaFailure | undefined, response: unknown): number {
  if (failure) return failure.kind === 'input' ? EXIT.input : EXIT.failed;
  if (isCheck(response)) return response.ok ? EXIT.ok : EXIT.failed;
  return isSummary(response) && response.status === 'failed' ? EXIT.failed : EXIT.ok;
}

/** The source name of a `<source>` argument: from the local file when there is one, else the argument itself. */
function sourceName(arg: string, context: CliContext): string {
  try {
    const def = readDefinition(findSourceFile(arg, context.sourcesDir)) as { name?: unknown };
    if (typeof def.name === 'string') return def.name;
  } catch {
    // not a local source: the deployed function may still exist under this name
  }
  if (SOURCE_NAME.test(arg)) return arg;
  throw new UsageError(`"${arg}" is neither a source file, a source in ${context.sourcesDir}/, nor a source name`, USAGE);
}

/** `sluice invoke`. */
export const invokeCommand: Command = {
  name: 'invoke',
  summary: 'Invoke the deployed function of a source by hand; prints its summary and log tail.',
  spec: {
    usage: USAGE,
    flags: {
      payload: { type: 'string', value: 'JSON', default: 'built from the flags below', description: 'The event sent as it is; checked against the handler contract before it is sent.' },
      mode: { type: 'string', value: 'check|run|state', default: 'run', description: 'check: auth and the first page of every resource; run: a run; state: the committed state of every resource (a change goes as --payload).' },
      resources: RESOURCES,
      'max-pages': MAX_PAGES,
      from: FROM,
      to: TO,
      'dry-run': DRY_RUN,
      stack: { type: 'string', value: 'NAME', default: 'every stack', description: 'Look for the function in this CloudFormation stack only.' },
      function: { type: 'string', value: 'NAME', default: 'found by its sluice:source tag', description: 'The function name or ARN to invoke.' },
      json: jsonFlag('{"function", "status_code", "function_error"?, "response", "log_tail"}'),
    },
    minPositionals: 1,
    maxPositionals: 1,
  },
  async run(args, context) {
    const { terminal } = context;
    const payload = invokePayload(args);
    const explicit = stringFlag(args, 'function');
    const stack = stringFlag(args, 'stack');
    if (explicit !== undefined && stack !== undefined) throw new UsageError('--function and --stack cannot be used together', USAGE);
    const name = sourceName(args.positionals[0], context);
    const lambda = new LambdaClient({});
    const config = explicit
      ? await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: explicit }))
      : await findSourceFunction({ source: name, lambda, stack, cloudFormation: stack !== undefined ? new CloudFormationClient({}) : undefined });
    const functionName = config.FunctionName ?? explicit ?? name;
    if (!boolFlag(args, 'json')) terminal.err(`invoking ${functionName} with ${JSON.stringify(payload)}\n`);
    const result = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(payload)), LogType: 'Tail' }));
    const logTail = result.LogResult ? Buffer.from(result.LogResult, 'base64').toString('utf8') : '';
    const text = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
    let response: unknown = text;
    try {
      response = text ? JSON.parse(text) : null;
    } catch {
      // a non-JSON response is shown as text
    }
    const failed = result.FunctionError !== undefined;
    const failure = failed ? parseLambdaFailure(response) : undefined;
    const code = invocationExitCode(failure, response);

    if (boolFlag(args, 'json')) {
      terminal.out(`${JSON.stringify({ function: functionName, status_code: result.StatusCode ?? null, ...(failed ? { function_error: result.FunctionError } : {}), response, log_tail: logTail })}\n`);
      return code;
    }
    const { style } = terminal;
    if (failure) {
      const what = failure.code ? `${failure.code} (${failure.kind})` : failure.errorType || 'error';
      terminal.out(`${style.red('function error')} (${result.FunctionError}): ${what}: ${failure.message}\n`);
    } else if (isCheck(response)) {
      terminal.out(formatCheck(response, style));
    } else if (isState(response)) {
      terminal.out(formatStateResponse(response));
    } else if (isSummary(response)) {
      terminal.out(formatSummary(response, { bucket: config.Environment?.Variables?.SLUICE_BUCKET ?? '<bucket>' }, style));
    } else {
      terminal.out(`${JSON.stringify(response, null, 2)}\n`);
    }
    if (logTail) terminal.out(`\n${style.dim('--- log tail (last 4 KB) ---')}\n${logTail}${logTail.endsWith('\n') ? '' : '\n'}`);
    return code;
  },
};

function isCheck(value: unknown): value is CheckResponse {
  return typeof value === 'object' && value !== null && (value as { mode?: unknown }).mode === 'check';
}

function isState(value: unknown): value is StateResponse {
  return typeof value === 'object' && value !== null && (value as { mode?: unknown }).mode === 'state';
}

function isSummary(value: unknown): value is RunSummary {
  return typeof value === 'object' && value !== null && typeof (value as { run_id?: unknown }).run_id === 'string';
}
