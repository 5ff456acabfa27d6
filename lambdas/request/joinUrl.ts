/**
 * Joins `base_url` and a resource `path`. The path is always relative to the
 * base URL, so a leading slash does not drop the base URL's own path
 * (`https://x/v1` + `/issues` → `https://x/v1/issues`); an absolute URL is used as is.
 */

const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * @example joinUrl('https://api.test/v1', '/issues?state=open') === 'https://api.test/v1/issues?state=open'
 */
export function joinUrl(baseUrl: string, path: string): string {
  if (ABSOLUTE.test(path)) return path;
  const base = new URL(baseUrl);
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const relative = path.replace(/^\/+/, '');
  return relative === '' ? new URL(baseUrl).toString() : new URL(relative, base).toString();
}
