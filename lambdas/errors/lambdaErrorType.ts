/**
 * How a sluice error travels through a Lambda error response. The Node.js
 * runtime reports only `errorType` (the error's `name`), `errorMessage` and
 * `trace`, so the kind and the code ride in `errorType`:
 * `sluice.<kind>.<code>`, e.g. `sluice.input.config_invalid`. `sluice invoke`
 * reads the kind back from it to choose its exit code.
 */
import { isSluiceError } from './SluiceError';
import type { SluiceErrorCode, SluiceErrorKind } from './SluiceErrorCode';

const PREFIX = 'sluice';
const PATTERN = /^sluice\.(input|run)\.([a-z_]+)$/;

/** The `errorType` a Lambda error response gives a sluice error of this kind and code. */
export function lambdaErrorType(kind: SluiceErrorKind, code: SluiceErrorCode): string {
  return `${PREFIX}.${kind}.${code}`;
}

/**
 * Marks `error` for the Lambda runtime: a sluice error's `name` becomes its
 * {@link lambdaErrorType}. The same instance is returned (callers and tests
 * still see its class); any other error passes through unchanged.
 */
export function forLambdaResponse(error: unknown): unknown {
  if (isSluiceError(error)) Object.defineProperty(error, 'name', { value: lambdaErrorType(error.kind, error.code), configurable: true, writable: true });
  return error;
}

/** What a Lambda error response says about the failure. */
export interface LambdaFailure {
  /** `input` only for a sluice error of kind input; a runtime error, a timeout or a foreign error is `run`. */
  readonly kind: SluiceErrorKind;
  /** The sluice error code, when the error was one. */
  readonly code?: string;
  /** The response's `errorType` as it came. */
  readonly errorType: string;
  /** The response's `errorMessage`. */
  readonly message: string;
}

/** Reads a Lambda error response (`{"errorType", "errorMessage", "trace"}`, or anything else a failed function returned). */
export function parseLambdaFailure(response: unknown): LambdaFailure {
  const body = typeof response === 'object' && response !== null ? (response as { errorType?: unknown; errorMessage?: unknown }) : {};
  const errorType = typeof body.errorType === 'string' ? body.errorType : '';
  const message = typeof body.errorMessage === 'string' ? body.errorMessage : typeof response === 'string' ? response : JSON.stringify(response);
  const match = PATTERN.exec(errorType);
  if (!match) return { kind: 'run', errorType, message };
  return { kind: match[1] as SluiceErrorKind, code: match[2], errorType, message };
}
