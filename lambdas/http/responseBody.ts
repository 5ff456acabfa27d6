/**
 * Reading and parsing a response body: read whole within the request timeout
 * (a server that stalls mid-body is a retryable timeout), an empty body or a
 * 204 is `null`, anything else must be JSON.
 */
import { redact } from '../secrets/Redactor';

const EXCERPT_LENGTH = 200;

/** Raised when a body does not arrive in time; the client retries it like a timeout. */
export class BodyTimeoutError extends Error {
  override readonly name = 'BodyTimeoutError';
}

/** Reads the whole body of `response`, failing after `timeoutMs`. */
export async function readBody(response: Response, timeoutMs: number): Promise<Uint8Array> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void response.body?.cancel().catch(() => undefined);
      reject(new BodyTimeoutError(`body not complete within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return new Uint8Array(await Promise.race([response.arrayBuffer(), timeout]));
  } finally {
    clearTimeout(timer);
  }
}

/** The parsed body: `null` for an empty body or 204; `ok: false` when it is not JSON. */
export function parseBody(bytes: Uint8Array, status: number): { ok: true; value: unknown } | { ok: false } {
  if (status === 204) return { ok: true, value: null };
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** A short one-line excerpt of a body, secrets redacted, for error messages. */
export function excerptOf(text: string): string | undefined {
  const line = redact(text).replace(/\s+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}
