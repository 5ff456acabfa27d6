/**
 * Turns log attributes into JSON-safe, redacted values: errors become
 * `{ name, message, code }` (a stack or cause could hold a URL with a secret),
 * every string has registered secret values replaced by `***`.
 */
import { redact, redactDeep } from '../secrets/Redactor';

function plain(value: unknown, depth: number): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: redact(value.message), ...(typeof code === 'string' ? { code } : {}) };
  }
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v, depth + 1);
  return out;
}

/** Log attributes with errors flattened and secrets redacted. */
export function safeAttributes(attributes: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!attributes) return {};
  return redactDeep(plain(attributes, 0) as Record<string, unknown>);
}
