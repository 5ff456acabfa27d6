/**
 * One POST to a token or login endpoint through ky: a per-attempt timeout and
 * the source's retry settings for 408, 429, 5xx, network errors and timeouts
 * (ky retries POST only when it is listed in `retry.methods`). Failures become
 * an {@link AuthError} with the status and the OAuth `error`/`error_description`,
 * redacted; the request body (which holds the credentials) is never quoted.
 */
import ky, { HTTPError, isTimeoutError } from 'ky';
import { AuthError, type AuthFailure } from '../errors/AuthError';
import { redactUrl } from '../http/redactUrl';
import { backoffMs, retryAfterMs } from '../http/retryDelay';
import { redact } from '../secrets/Redactor';
import type { AuthContext } from './AuthStrategy';

/** Statuses worth another try. */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];

/** A JSON object (or form-encoded pairs, as some legacy token endpoints send). */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    if (!/^[\w.~%+-]+=/.test(text.trim())) return undefined;
    return Object.fromEntries(new URLSearchParams(text.trim()));
  }
}

/** A `Retry-After` header that is present but asks for no wait (0, a past date, garbage). */
function unusableRetryAfter(response: Response): boolean {
  const header = response.headers.get('retry-after');
  return header !== null && retryAfterMs(header, Date.now()) === undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? redact(value) : undefined;
}

/** Options of {@link authPost}. */
export interface AuthPostOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: URLSearchParams | string;
  /** What the endpoint is, for messages: `token endpoint`, `login endpoint`. */
  readonly what: string;
  /** The failure reason reported. */
  readonly reason: AuthFailure;
}

/**
 * POSTs and returns the response body as an object.
 * @throws AuthError on a refusal (status ≥ 400 after retries), a network error or timeout, or a body that is not an object
 */
export async function authPost(options: AuthPostOptions, ctx: AuthContext): Promise<Record<string, unknown>> {
  const url = redactUrl(options.url);
  const { limit, maxDelayMs } = ctx.http.retries;
  let body: string;
  let status: number;
  try {
    const response = await ky.post(options.url, {
      headers: { accept: 'application/json', ...options.headers },
      body: options.body,
      timeout: ctx.http.timeoutMs,
      retry: {
        limit,
        methods: ['post'],
        statusCodes: RETRY_STATUSES,
        retryOnTimeout: true,
        maxRetryAfter: maxDelayMs,
        backoffLimit: maxDelayMs,
        delay: (retry) => ctx.retryDelayMs?.(retry) ?? backoffMs(retry, { maxDelayMs, random: Math.random }),
        // ky waits 0 ms on `Retry-After: 0` or a past date, burning every retry at once (dlt #4036): back off instead.
        shouldRetry: ({ error }) => (error instanceof HTTPError && RETRY_STATUSES.includes(error.response.status) && unusableRetryAfter(error.response) ? true : undefined),
      },
      hooks: {
        beforeRetry: [
          ({ error, retryCount }) => {
            ctx.count('retries', 1);
            const reason = error instanceof HTTPError ? `status ${error.response.status}` : error.name;
            ctx.logger.warn(`retrying the ${options.what} request`, { url, retry: retryCount, of: limit, reason });
          },
        ],
      },
    });
    status = response.status;
    body = await response.text();
  } catch (error) {
    if (error instanceof HTTPError) {
      const answer = parseObject(await error.response.text().catch(() => '')) ?? {};
      throw new AuthError(
        `the ${options.what} refused the request`,
        { reason: options.reason, url, status: error.response.status, error: text(answer.error), errorDescription: text(answer.error_description) },
      );
    }
    if (isTimeoutError(error)) {
      throw new AuthError(`the ${options.what} did not answer within ${ctx.http.timeoutMs} ms, and no retry was left`, { reason: options.reason, url });
    }
    // ky's errors carry the request options (credentials in the body): keep only the network cause.
    const root = (error as Error & { cause?: Error }).cause ?? (error as Error);
    throw new AuthError(`network error reaching the ${options.what} (${redact(root.message)}), and no retry was left`, { reason: options.reason, url }, { cause: root });
  }
  const parsed = parseObject(body);
  if (!parsed) throw new AuthError(`the ${options.what} answered ${status} with a body that is not a JSON object`, { reason: 'token_response', url, status });
  return parsed;
}
