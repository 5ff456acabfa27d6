import { SluiceError } from './SluiceError';

/** Why a request failed. */
export type HttpFailure =
  | 'status'
  | 'network'
  | 'timeout'
  | 'not_json'
  | 'unauthorized'
  | 'redirect'
  | 'host_not_allowed'
  | 'scheme_not_allowed'
  | 'response_action'
  | 'too_large';

/** Context of an {@link HttpError}; the URL and excerpt are already redacted. */
export interface HttpErrorContext {
  readonly reason: HttpFailure;
  readonly method: string;
  /** The URL with secrets redacted. */
  readonly url: string;
  /** The last status received, when a response came back. */
  readonly status?: number;
  /** A short, redacted excerpt of the last body. */
  readonly excerpt?: string;
  /** Attempts made (1 + retries). */
  readonly attempts?: number;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the URL';
  }
}

/**
 * A request failed for good (after its last retry, or at once when retrying
 * cannot help). The message names the method, the redacted URL, the status and
 * a short excerpt of the body.
 */
export class HttpError extends SluiceError {
  readonly code = 'http_error';
  readonly kind = 'run' as const;
  readonly hint: string;
  readonly reason: HttpFailure;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly excerpt: string | undefined;
  /** What went wrong, without the method, URL and status the message starts with. */
  readonly detail: string;

  constructor(message: string, context: HttpErrorContext, options?: { cause?: unknown }) {
    const status = context.status !== undefined ? ` (status ${context.status})` : '';
    const attempts = context.attempts && context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
    const excerpt = context.excerpt ? `; body: ${context.excerpt}` : '';
    super(`${context.method} ${context.url}${status}${attempts}: ${message}${excerpt}`, options);
    this.reason = context.reason;
    // A host that cannot be reached is almost always a wrong client.base_url (or a network that blocks it), not an API fault.
    this.hint =
      context.reason === 'network'
        ? `Check client.base_url (and any URL the source builds on it): the host in ${originOf(context.url)} must resolve and accept connections from here; then \`sluice check <source>\`.`
        : 'Run `sluice check <source>` to test auth and the first page of every resource; add --verbose to see each request and retry.';
    this.method = context.method;
    this.url = context.url;
    this.status = context.status;
    this.excerpt = context.excerpt;
    this.detail = message;
  }
}
