/**
 * Sets a value at a dotted path in a JSON body (dlt's `jsonpath.set_value_at_path`
 * for the `*_body_path` options), copying every object on the way so the
 * request's earlier body is never changed in place.
 */

/**
 * @example setAtPath({ query: 'x' }, 'page.after', 'c2') // → { query: 'x', page: { after: 'c2' } }
 */
export function setAtPath(body: unknown, path: string, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
  const keys = path.replace(/^\$\./, '').split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    node[key] = child && typeof child === 'object' && !Array.isArray(child) ? { ...(child as Record<string, unknown>) } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
  return root;
}
