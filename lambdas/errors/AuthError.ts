import { redact } from '../secrets/Redactor';
import { SluiceError } from './SluiceError';

/** Why authentication failed. */
export type AuthFailure = 'token_request' | 'token_response' | 'token_rejected' | 'login' | 'secret_write';

/** Context of an {@link AuthError}; the URL is already redacted. */
export interface AuthErrorContext {
  readonly reason: AuthFailure;
  /** The token (or login) endpoint, or the API URL that rejected the token; secrets redacted. */
  readonly url: string;
  /** The HTTP status, when a response came back. */
  readonly status?: number;
  /** The OAuth `error` code of the response, e.g. `invalid_client`. */
  readonly error?: string;
  /** The OAuth `error_description`, redacted. */
  readonly errorDescription?: string;
}

/**
 * Authentication failed: the token endpoint refused or answered nonsense, or
 * the API rejected a freshly obtained token. Carries the HTTP status and the
 * OAuth `error`/`error_description`; never a client secret or token.
 */
export class AuthError extends SluiceError {
  readonly code = 'auth_failed';
  readonly kind = 'run' as const;
  readonly hint =
    'Check the credentials the source refers to and the auth block (type, access_token_url, scopes); `sluice check <source>` retries just the first page.';
  readonly reason: AuthFailure;
  readonly url: string;
  readonly status: number | undefined;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;

  constructor(message: string, context: AuthErrorContext, options?: { cause?: unknown }) {
    const status = context.status !== undefined ? ` (status ${context.status})` : '';
    const oauth = context.error ? `; error: ${context.error}${context.errorDescription ? ` (${context.errorDescription})` : ''}` : '';
    // Redacted once more here: a token endpoint may echo the credentials it was sent.
    super(redact(`${context.url}${status}: ${message}${oauth}`), options);
    this.reason = context.reason;
    this.url = context.url;
    this.status = context.status;
    this.error = context.error;
    this.errorDescription = context.errorDescription;
  }

  /** The error for a second 401: the API rejected the token that was fetched after the first one. */
  static freshTokenRejected(method: string, url: string): AuthError {
    return new AuthError(`${method} was answered 401 again with a freshly obtained token: the API rejected the fresh token too (check the client's scopes, audience and permissions)`, {
      reason: 'token_rejected',
      url,
      status: 401,
    });
  }
}
