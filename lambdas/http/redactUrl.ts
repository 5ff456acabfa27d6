/**
 * A URL fit for a log line or an error message: registered secret values
 * replaced, and query parameters whose name says they hold a credential
 * (`api_key`, `token`, `signature`, …) masked even when their value is not a
 * registered secret (a signed next URL, say).
 */
import { looksLikeCredentialParam } from '../secrets/credentialFields';
import { redact } from '../secrets/Redactor';

/** True when a query parameter's name marks it as a credential. */
export function isSensitiveParam(name: string): boolean {
  return looksLikeCredentialParam(name);
}

/** Returns `url` with credentials masked as `***`. Not-a-URL input is redacted as text. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redact(url);
  }
  if (parsed.username) parsed.username = '***';
  if (parsed.password) parsed.password = '***';
  const masked = [...parsed.searchParams.keys()].filter(isSensitiveParam);
  if (masked.length > 0) {
    const params = new URLSearchParams();
    for (const [k, v] of parsed.searchParams) params.append(k, isSensitiveParam(k) ? '***' : v);
    parsed.search = params.toString().replace(/=%2A%2A%2A/g, '=***');
  }
  return redact(parsed.toString());
}
