/**
 * Reading and parsing a response body: read within the request's time limit (a
 * server that stalls or drips mid-body is a retryable timeout), never more than
 * the size cap (counted after decompression, as the bytes arrive, so a gzip bomb
 * or an endless body stops at the cap), an empty body or a 204 is `null`,
 * anything else must be JSON.
 */
import { longestSecretLength, redact } from '../secrets/Redactor';

const EXCERPT_LENGTH = 200;

/** Raised when a body does not arrive in time; the client retries it like a timeout. */
export class BodyTimeoutError extends Error {
  override readonly name = 'BodyTimeoutError';
}

/** Raised when a body grows past the cap; the client turns it into an `HttpError` (`too_large`), never retried. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';

  constructor(readonly maxBytes: number) {
    super(`the response body is larger than ${maxBytes} bytes`);
  }
}

/** The limits every body read is held to. */
export interface BodyLimits {
  /** When the whole body must be in (ms since epoch, `Date.now()` clock). */
  readonly deadline: number;
  /** Decompressed bytes at most. */
  readonly maxBytes: number;
}

/**
 * True when the headers declare a body over `maxBytes` that arrives as it is (no
 * content coding): refused before a byte is read. A coded body is counted as it
 * is decoded instead, since its length says nothing of what it unpacks to.
 */
export function declaresTooLarge(headers: Headers, maxBytes: number): boolean {
  const declared = Number(headers.get('content-length'));
  const encoded = (headers.get('content-encoding') ?? 'identity') !== 'identity';
  return !encoded && Number.isFinite(declared) && declared > maxBytes;
}

/** The text of a body read in `chunks` of `size` bytes in all: UTF-8, invalid bytes as U+FFFD, a BOM dropped, as `Response.text()` decodes. */
export function decodeText(chunks: readonly Uint8Array[], size: number): string {
  if (size === 0) return '';
  return new TextDecoder().decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
}

/**
 * The parsed body: `null` for an empty body or 204; `ok: false` when it is not
 * JSON. Takes the bytes, or the text when the caller decoded them already.
 */
export function parseBody(body: Uint8Array | string, status: number): { ok: true; value: unknown } | { ok: false } {
  if (status === 204) return { ok: true, value: null };
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  if (isBlank(text)) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The characters `\s` matches: the body is blank when it holds nothing else. */
const BLANK = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);

/**
 * True when `text` holds nothing but white space (what `/\S/` would not find), by a scan to
 * the first other character. Not a regular expression: V8 keeps the last string a regular
 * expression ran on alive (for `RegExp.input`) until the next one runs, so a page body tested
 * that way outlived its page, and the scavenges that found it alive copied it (hundreds of
 * kilobytes a page) into the old generation, which grew until a full GC: most of what the
 * engine promoted (measured over 1,000 pages of 250 KB: 77 MB promoted, 30 MB without it).
 */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!(BLANK.has(code) || (code >= 0x2000 && code <= 0x200a))) return false;
  }
  return true;
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
