import type { SluiceErrorCode, SluiceErrorKind } from './SluiceErrorCode';

/**
 * The root of every error sluice raises on purpose. Each subclass carries the
 * context a user needs to fix the problem (a field path, a parameter name, a URL
 * with secrets redacted, a status), says whether the problem lies in the input
 * (found before any request: CLI exit code 2) or in the run (exit code 1), and
 * says what to do about it (`hint`).
 */
export abstract class SluiceError extends Error {
  /** A stable machine-readable code, e.g. `config_invalid`, `secret_missing`. */
  abstract readonly code: SluiceErrorCode;
  /** `input`: invalid source, arguments or missing secret (exit 2); `run`: failed against the API or storage (exit 1). */
  abstract readonly kind: SluiceErrorKind;
  /** What to do about it, one or two sentences; the CLI prints it under the message. */
  abstract readonly hint: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True when `error` is a {@link SluiceError}. */
export function isSluiceError(error: unknown): error is SluiceError {
  return error instanceof SluiceError;
}
