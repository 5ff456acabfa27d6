/**
 * What a failed fetch says about the network: the system error code under
 * undici's `TypeError: fetch failed`, and whether trying again can help.
 */

/**
 * Codes no retry can change within a run: the host name does not resolve, or
 * its certificate is not one this machine trusts for that name. Retrying them
 * only makes a person wait (a typo in `base_url` took 50 s to report).
 * `EAI_AGAIN` (a DNS server that did not answer) is transient and stays retried.
 */
const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'ERR_INVALID_URL',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** The first system error code (`ECONNREFUSED`, `ENOTFOUND`, …) in `error`'s cause chain, if any. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when retrying `error` cannot succeed in this run (see {@link PERMANENT_CODES}). */
export function isPermanentNetworkError(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code !== undefined && PERMANENT_CODES.has(code);
}
