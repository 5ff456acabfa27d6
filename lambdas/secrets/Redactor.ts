/**
 * Keeps credentials out of every record, log line, error message, manifest,
 * checkpoint and CLI output. Only credentials are registered here (tokens, API
 * keys, passwords, client secrets, refresh tokens, issued access tokens,
 * secret-referenced header/param/body values): identifiers such as `username`
 * or `client_id` are data, and scrubbing them would rewrite records.
 *
 * A credential is found in every form it travels in ({@link secretForms}):
 * raw, URL-encoded, form-encoded, JSON-escaped, base64 and base64url. Values
 * shorter than {@link MIN_SECRET_LENGTH} (accepted only with
 * `allow_short_secrets`) are replaced only where they stand whole: a string
 * value equal to them, or a word of a log line, never inside other text.
 *
 * Module scope on purpose: the logger, the HTTP client and the error paths all
 * reach the same set without threading it through every call.
 */

/** Shorter credentials are refused at resolve time unless `allow_short_secrets`: they would match ordinary data. */
export const MIN_SECRET_LENGTH = 8;

const forms = new Set<string>();
const shortValues = new Set<string>();
let pattern: RegExp | undefined;
// The same alternation without the global flag: `test` keeps no lastIndex state.
let probe: RegExp | undefined;
let longest = 0;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function jsonForms(text: string): string[] {
  const escaped = JSON.stringify(text).slice(1, -1);
  // Serializers that escape "/" (PHP, some Java) or everything non-ASCII (Python's json.dumps).
  const ascii = escaped.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [escaped, escaped.replace(/\//g, '\\/'), ascii, ascii.replace(/\//g, '\\/')];
}

/**
 * The base64 characters that depend on `bytes` alone when they are encoded
 * after `offset` (0, 1 or 2) other bytes: what shows whatever surrounds the
 * value in a larger base64 text.
 */
function base64Core(bytes: Buffer, offset: number, alphabet: 'base64' | 'base64url'): string {
  const text = Buffer.concat([Buffer.alloc(offset), bytes]).toString(alphabet);
  const first = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + bytes.length)) / 6);
  return text.slice(first, end);
}

function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const out: string[] = [];
  for (const alphabet of ['base64', 'base64url'] as const) {
    const whole = bytes.toString(alphabet);
    out.push(whole, whole.replace(/=+$/, ''));
    for (const offset of [0, 1, 2]) out.push(base64Core(bytes, offset, alphabet));
  }
  return out;
}

function wireForms(text: string): string[] {
  const form = new URLSearchParams({ v: text }).toString().slice(2);
  return [text, encodeURIComponent(text), form, ...jsonForms(text)];
}

/**
 * Every form of `value` that is redacted: raw, `encodeURIComponent`,
 * `application/x-www-form-urlencoded` (spaces as `+`), JSON-escaped (also with
 * `\/` and `\uXXXX`), base64 and base64url (whole, unpadded, and the part that
 * shows inside a longer base64 text), each of those again URL- and JSON-encoded.
 */
export function secretForms(value: string, options: { encodedOnly?: boolean } = {}): string[] {
  const encoded = base64Forms(value).flatMap(wireForms);
  const all = options.encodedOnly ? encoded : [...wireForms(value), ...encoded];
  return [...new Set(all)].filter((f) => f.length >= Math.min(MIN_SECRET_LENGTH, value.length) && f.length > 0);
}

function register(list: readonly string[]): void {
  const before = forms.size;
  for (const f of list) forms.add(f);
  if (forms.size !== before) {
    pattern = undefined;
    probe = undefined;
    for (const f of list) longest = Math.max(longest, f.length);
  }
}

/**
 * Registers a credential for redaction, in every form of {@link secretForms}.
 * A value shorter than {@link MIN_SECRET_LENGTH} is registered for whole-value
 * replacement only.
 */
export function addSecret(value: string | undefined): void {
  if (!value) return;
  if (value.length < MIN_SECRET_LENGTH) {
    if (!shortValues.has(value)) {
      shortValues.add(value);
      pattern = undefined;
      probe = undefined;
      longest = Math.max(longest, value.length);
    }
    // Its encoded forms are long and specific enough to find anywhere.
    register(secretForms(value, { encodedOnly: true }).filter((f) => f.length >= MIN_SECRET_LENGTH));
    return;
  }
  register(secretForms(value));
}

/**
 * Registers a value whose encoded forms are a credential while the value itself
 * may hold identifiers: `user:password` and `client_id:client_secret`, which go
 * on the wire as `Basic base64(…)`. The raw pair is not registered (its secret
 * part already is), so a record that names the user is left alone.
 */
export function addEncodedSecret(value: string): void {
  register(secretForms(value, { encodedOnly: true }));
}

function alternation(): string {
  // Longest first, so a form that contains another is replaced whole.
  const long = [...forms].sort((a, b) => b.length - a.length).map(escape);
  const short = [...shortValues].sort((a, b) => b.length - a.length).map((v) => `(?<![A-Za-z0-9])${escape(v)}(?![A-Za-z0-9])`);
  return [...long, ...short].join('|');
}

function registered(): boolean {
  return forms.size > 0 || shortValues.size > 0;
}

/** Replaces every registered credential form in `text` with `***` (short values only as whole words). */
export function redact(text: string): string {
  if (!registered()) return text;
  pattern ??= new RegExp(alternation(), 'g');
  return text.replace(pattern, '***');
}

/** True when `text` holds a registered credential form (a scan, no copy); a short value counts as a whole word. */
export function containsSecret(text: string): boolean {
  if (!registered()) return false;
  probe ??= new RegExp(alternation());
  return probe.test(text);
}

/** Length of the longest registered form (0 when none): how far a cut can reach into a secret. */
export function longestSecretLength(): number {
  return longest;
}

/** Redacts one string value of a structure: credential forms inside it, a short credential only when it is the whole value. */
function redactValue(text: string): string {
  if (shortValues.has(text)) return '***';
  if (forms.size === 0) return text;
  pattern ??= new RegExp(alternation(), 'g');
  // The shared pattern also matches short values as words; inside data they are left alone.
  return text.replace(pattern, (match) => (forms.has(match) ? '***' : match));
}

/** A structure after {@link redactDeepCounting}: the value and how many of its strings changed. */
export interface Redacted<T> {
  readonly value: T;
  readonly redacted: number;
}

/**
 * Redacts a JSON-like value structurally: each string value (never a key,
 * number or boolean) on its own. Returns the same object when nothing matched,
 * so clean records cost no copy, and counts the strings that changed.
 */
export function redactDeepCounting<T>(value: T): Redacted<T> {
  if (!registered()) return { value, redacted: 0 };
  let redacted = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = redactValue(v);
      if (r !== v) redacted++;
      return r;
    }
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((item) => {
        const r = walk(item);
        if (r !== item) changed = true;
        return r;
      });
      return changed ? out : v;
    }
    if (v && typeof v === 'object') {
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) {
        const r = walk(item);
        if (r !== item) changed = true;
        out[k] = r;
      }
      return changed ? out : v;
    }
    return v;
  };
  const out = walk(value) as T;
  return { value: out, redacted };
}

/** {@link redactDeepCounting} without the count. */
export function redactDeep<T>(value: T): T {
  return redactDeepCounting(value).value;
}

/** Test-only: forgets every registered value. */
export function clearSecrets(): void {
  forms.clear();
  shortValues.clear();
  pattern = undefined;
  probe = undefined;
  longest = 0;
}
