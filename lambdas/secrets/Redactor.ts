/**
 * Keeps secret values out of every log line, error message, manifest, S3 key
 * and CLI output. Every resolved secret (and anything derived from it that goes
 * on the wire: its base64 Basic form, an issued access token) is registered
 * here; {@link redact} replaces each occurrence with `***`.
 *
 * Module scope on purpose: the logger, the HTTP client and the error paths all
 * reach the same set without threading it through every call.
 */

const values = new Set<string>();
let pattern: RegExp | undefined;
// The same alternation without the global flag: `test` keeps no lastIndex state.
let probe: RegExp | undefined;
let longest = 0;

// Values this short would redact ordinary text; no real credential is this short.
const MIN_LENGTH = 4;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Registers a secret value for redaction, with its URL-encoded form and its
 * JSON-escaped form (how it appears inside a serialized record or body).
 */
export function addSecret(value: string | undefined): void {
  if (!value || value.length < MIN_LENGTH) return;
  const before = values.size;
  values.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) values.add(encoded);
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) values.add(escaped);
  if (values.size !== before) {
    pattern = undefined;
    probe = undefined;
    for (const v of values) longest = Math.max(longest, v.length);
  }
}

function alternation(): string {
  // Longest first, so a secret that contains another is replaced whole.
  return [...values].sort((a, b) => b.length - a.length).map(escape).join('|');
}

/** Replaces every registered secret value in `text` with `***`. */
export function redact(text: string): string {
  if (values.size === 0) return text;
  pattern ??= new RegExp(alternation(), 'g');
  return text.replace(pattern, '***');
}

/** True when `text` holds a registered secret value (a scan, no copy). */
export function containsSecret(text: string): boolean {
  if (values.size === 0) return false;
  probe ??= new RegExp(alternation());
  return probe.test(text);
}

/** Length of the longest registered value (0 when none): how far a cut can reach into a secret. */
export function longestSecretLength(): number {
  return longest;
}

/**
 * Redacts inside a JSON-like value (string values only, recursively); returns
 * the same object when nothing matched, so clean records cost no copy.
 */
export function redactDeep<T>(value: T): T {
  if (values.size === 0) return value;
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = redactDeep(v);
      if (r !== v) changed = true;
      return r;
    });
    return (changed ? out : value) as T;
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = redactDeep(v);
      if (r !== v) changed = true;
      out[k] = r;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

/** Test-only: forgets every registered value. */
export function clearSecrets(): void {
  values.clear();
  pattern = undefined;
  probe = undefined;
  longest = 0;
}
