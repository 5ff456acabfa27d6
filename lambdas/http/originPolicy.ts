/**
 * Which URLs a source's requests may go to: http(s) only, never from an https
 * `base_url` down to http, and, with `client.allowed_hosts`, only to listed
 * origins. Origins are compared whole (scheme, host and port): an entry
 * `cdn.example.com` means `<base_url's scheme>://cdn.example.com` on that
 * scheme's default port, `cdn.example.com:8443` that port, and
 * `https://cdn.example.com` says the scheme itself.
 */

/** Why a URL is refused, or undefined when it may be requested. */
export type OriginRefusal = { reason: 'scheme_not_allowed' | 'host_not_allowed'; message: string } | undefined;

/** The rule of one source. */
export interface OriginPolicy {
  /** Checks `target` (a parsed absolute URL). */
  check(target: URL): OriginRefusal;
}

function originOf(entry: string, base: URL): string {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ? entry : `${base.protocol}//${entry}`;
  return new URL(text).origin;
}

/** The policy of a source with `baseUrl` and optional `allowed_hosts`. */
export function originPolicy(baseUrl: string, allowedHosts: readonly string[] | undefined): OriginPolicy {
  const base = new URL(baseUrl);
  const allowed = allowedHosts ? new Set([base.origin, ...allowedHosts.map((h) => originOf(h, base))]) : undefined;
  return {
    check(target) {
      if (target.protocol !== 'https:' && target.protocol !== 'http:') {
        return { reason: 'scheme_not_allowed', message: `refusing a ${target.protocol} URL: only http(s) is followed` };
      }
      if (base.protocol === 'https:' && target.protocol === 'http:') {
        return { reason: 'scheme_not_allowed', message: `refusing an http: URL: base_url is https, and an https source never goes down to plain http` };
      }
      if (allowed && !allowed.has(target.origin)) {
        return {
          reason: 'host_not_allowed',
          message: `host "${target.host}" is not in client.allowed_hosts (origin ${target.origin}; entries match scheme, host and port)`,
        };
      }
      return undefined;
    },
  };
}
