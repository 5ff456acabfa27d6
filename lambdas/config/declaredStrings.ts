/**
 * The strings of a model endpoint that may hold placeholders, each with the
 * config path it was written at (from the model's declaration maps), so that a
 * rule about a placeholder names where it is written: the resource's own
 * endpoint, `resource_defaults` or `client.headers`.
 */
import type { DeclaredAt, EndpointModel, ResolvedParam } from '../model';
import { escapeTemplate, parseTemplate, templateStrings } from './placeholders';

/** A string of an endpoint and where it was declared. */
export interface DeclaredString {
  readonly at: string;
  readonly text: string;
}

/** The parts of an endpoint that are templates (the path is the binding's concern in some rules). */
export type TemplatedPart = 'path' | 'params' | 'body' | 'headers';

/** 0: the resource's own endpoint, 1: `resource_defaults`, 2: the client. */
export function levelOf(at: string): 0 | 1 | 2 {
  return at.startsWith('resources[') ? 0 : at.startsWith('resource_defaults') ? 1 : 2;
}

function keyed(value: unknown, declared: DeclaredAt, fallback: string): DeclaredString[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return templateStrings(value, fallback);
  return Object.entries(value).flatMap(([key, v]) => templateStrings(v, declared[key] ?? fallback));
}

/**
 * The path without the placeholders dlt's `resolve` params put there: the file
 * names those parents in the params, not in the path (`{user_id}`).
 */
function pathAsWritten(path: string, resolved: readonly ResolvedParam[]): string {
  const parsed = resolved.length > 0 ? parseTemplate(path) : undefined;
  if (!parsed?.ok) return path;
  const bound = new Set(resolved.map((r) => r.placeholder));
  return parsed.parts.map((p) => (p.kind === 'text' ? escapeTemplate(p.text) : bound.has(`{${p.expression}}`) ? '' : `{${p.expression}}`)).join('');
}

/**
 * Every string of `parts` of `endpoint`, in the order path, params, body,
 * headers; a parent a `resolve` param bound into the path is a string of the
 * path, at the param.
 */
export function declaredStrings(endpoint: EndpointModel, parts: readonly TemplatedPart[] = ['path', 'params', 'body', 'headers']): DeclaredString[] {
  const out: DeclaredString[] = [];
  for (const part of parts) {
    if (part === 'path') {
      out.push({ at: endpoint.declared.path, text: pathAsWritten(endpoint.path, endpoint.written.resolved) });
      out.push(...endpoint.written.resolved.map((r) => ({ at: r.at, text: r.placeholder })));
    }
    if (part === 'params') out.push(...keyed(endpoint.params, endpoint.declared.params, `${endpoint.at}.params`));
    if (part === 'body' && endpoint.body.kind !== 'none') out.push(...keyed(endpoint.body.value, endpoint.declared.body, endpoint.body.at));
    if (part === 'headers') out.push(...keyed(endpoint.headers, endpoint.declared.headers, `${endpoint.at}.headers`));
  }
  return out;
}
