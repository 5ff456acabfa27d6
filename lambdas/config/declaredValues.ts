/**
 * The values of the merged parts of every endpoint of a model (headers,
 * params, body fields), each with where it was declared, once per
 * declaration: a header of `client.headers` that every resource inherits is
 * one value at `client.headers.X`. Values a more specific level overrides
 * are included (the model keeps them in `declared.overridden`), since a rule
 * about what the file holds (a plaintext credential, a header fetch would
 * refuse) is about them too.
 */
import type { ResourceModel } from '../model';
import type { OverriddenValue } from '../model';
import { formatPath } from './formatIssues';
import { levelOf } from './declaredStrings';

/** An HTTP header name (RFC 9110 token). */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** What a header name may hold, said after the name in a message. */
export const HEADER_NAME_RULE = "is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)";

/** A merged part of an endpoint. */
export type DeclaredPart = OverriddenValue['part'];

/** One declared value: `key` is its name in the part ('' for a whole body that is not an object). */
export interface DeclaredValue {
  readonly at: string;
  readonly part: DeclaredPart;
  readonly key: string;
  readonly value: unknown;
}

/** `at` with the keys below it, in the config path notation (`a.b`, `a[0]`, `a["x y"]`). */
export function appendPath(at: string, keys: readonly PropertyKey[]): string {
  return keys.length === 0 ? at : at + formatPath(['_', ...keys]).slice(1);
}

function partValues(resource: ResourceModel, part: DeclaredPart): DeclaredValue[] {
  const { endpoint } = resource;
  const keyed = (value: unknown, declared: Readonly<Record<string, string>>, whole: string): DeclaredValue[] =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value).map(([key, v]) => ({ at: declared[key] ?? appendPath(whole, [key]), part, key, value: v }))
      : value === undefined
        ? []
        : [{ at: whole, part, key: '', value }];
  const sent =
    part === 'path'
      ? [{ at: endpoint.declared.path, part, key: '', value: endpoint.path }]
      : part === 'headers'
      ? keyed(endpoint.headers, endpoint.declared.headers, `${endpoint.at}.headers`)
      : part === 'params'
        ? keyed(endpoint.params, endpoint.declared.params, `${endpoint.at}.params`)
        : endpoint.body.kind === part
          ? keyed(endpoint.body.value, endpoint.declared.body, endpoint.body.at)
          : [];
  return [...sent, ...endpoint.declared.overridden.filter((o) => o.part === part).map((o) => ({ at: o.at, part, key: o.key, value: o.value }))];
}

/**
 * The declared values of `parts` over `resources` (in declaration order),
 * ordered as the file reads: the client's, then `resource_defaults`', then each
 * resource's own; within a level by part, then as declared.
 */
export function declaredValues(resources: readonly ResourceModel[], parts: readonly DeclaredPart[]): DeclaredValue[] {
  const seen = new Set<string>();
  const found: Array<{ rank: readonly number[]; value: DeclaredValue }> = [];
  resources.forEach((resource, r) => {
    parts.forEach((part, p) => {
      for (const value of partValues(resource, part)) {
        if (seen.has(value.at)) continue;
        seen.add(value.at);
        const level = levelOf(value.at);
        found.push({ rank: [-level, level === 0 ? r : 0, p], value });
      }
    });
  });
  const compare = (a: readonly number[], b: readonly number[]): number => a.map((x, i) => x - b[i]).find((d) => d !== 0) ?? 0;
  return found.sort((a, b) => compare(a.rank, b.rank)).map((f) => f.value);
}
