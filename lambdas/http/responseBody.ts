/**
 * Reading and parsing a response body: read whole within the request timeout
 * (a server that stalls mid-body is a retryable timeout), an empty body or a
 * 204 is `null`, anything else must be JSON.
 */
import { longestSecretLength, redact } from '../secrets/Redactor';

const EXCERPT_LENGTH = 200;

/** Raised when a body does not arrive in time; the client retries it like a timeout. */
export class BodyTimeoutError extends Error {
  override readonly name = 'BodyTimeoutError';
}

/**
 * Reads the whole body of `response` as text, failing after `timeoutMs`.
 * `text()` decodes undici's one concatenated buffer in place; `arrayBuffer()`
 * and `bytes()` copy it once more, a second page-sized buffer of garbage per page.
 */
export async function readBody(response: Response, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void response.body?.cancel().catch(() => undefined);
      reject(new BodyTimeoutError(`body not complete within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([response.text(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The parsed body: `null` for an empty body or 204; `ok: false` when it is not
 * JSON. Takes the bytes, or the text when the caller decoded them already.
 */
export function parseBody(body: Uint8Array | string, status: number): { ok: true; value: unknown } | { ok: false } {
  if (status === 204) return { ok: true, value: null };
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  // A scan to the first non-blank character, not a trimmed copy of the whole body.
  if (!/\S/.test(text)) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * A short one-line excerpt of a body, secrets redacted, for error messages.
 * Works on a prefix of the body, not all of it: the prefix is long enough that
 * a secret cut in half at its end lies beyond the excerpt (transformations only
 * shorten text, so whatever comes from the prefix's last `longest secret`
 * characters ends up in the excerpt's last that many characters, which are cut).
 */
export function excerptOf(text: string): string | undefined {
  const reach = longestSecretLength();
  for (let take = EXCERPT_LENGTH * 4 + reach; ; take *= 2) {
    const cut = take < text.length;
    const line = redact(cut ? text.slice(0, take) : text).replace(/\s+/g, ' ').trim();
    if (cut && line.length <= EXCERPT_LENGTH + reach) continue;
    if (line === '') return undefined;
    return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
  }
}
