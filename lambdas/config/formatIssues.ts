/**
 * Turns zod's issues into field-path messages a data engineer can act on:
 * `resources[2].endpoint.paginator.limit: required (a number)`.
 */
import type { z } from 'zod';
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { didYouMean } from './nearMiss';
import { keysAt } from './schemaKeys';

/** Formats a zod path as `client.auth.token` / `resources[2].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

type Issue = z.core.$ZodIssue;

const PREVIEW_LENGTH = 60;

/** A value as JSON for a message, clipped: a 300 KB string in a field must not become a 300 KB error. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}… (${text.length} characters)` : text;
}

/** How well a union branch fits: fewer, deeper issues fit better; a type mismatch at the branch root fits worst. */
function branchScore(issues: readonly Issue[], basePath: readonly PropertyKey[]): number {
  let score = issues.length;
  for (const issue of issues) {
    const rootMismatch = issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
    const discriminatorMismatch = issue.code === 'invalid_value' && issue.path.length === 1 && issue.path[0] === 'type';
    if (rootMismatch || discriminatorMismatch) score += 1000;
    if (issue.code === 'custom' && issue.path.length === 0) score += 500;
  }
  return score + basePath.length * 0;
}

/** Options of {@link formatIssues}. */
export interface FormatOptions {
  /** The schema the issues came from: an unknown key is then matched against the keys accepted at its place. */
  readonly schema?: z.ZodType;
}

/** `got "cursr"; accepted: "cursor", … (did you mean "cursor"?)` */
function acceptedValues(input: unknown, values: readonly unknown[]): string {
  const words = values.filter((v): v is string => typeof v === 'string');
  const hint = typeof input === 'string' ? didYouMean(input, words) : '';
  return `got ${preview(input)}; accepted: ${values.map((v) => JSON.stringify(v)).join(', ')}${hint}`;
}

function unknownKeys(keys: readonly string[], path: readonly PropertyKey[], options: FormatOptions): string {
  const known = options.schema ? [...keysAt(options.schema, path)] : [];
  const suggestions = keys.map((k) => ({ key: k, hint: didYouMean(k, known) }));
  const listed = suggestions.map(({ key, hint }) => `"${key}"${hint}`).join(', ');
  // With a suggestion the typo is plain; without one, say why the key is refused.
  const tail = suggestions.some((s) => s.hint) ? '' : ' (a typo? unknown keys are not accepted)';
  return `unknown key${keys.length > 1 ? 's' : ''} ${listed}${tail}`;
}

function describe(issue: Issue, path: readonly PropertyKey[], options: FormatOptions): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}, got ${typeName(issue.input)}`;
    case 'unrecognized_keys':
      return unknownKeys(issue.keys, path, options);
    case 'invalid_value':
      return acceptedValues(issue.input, issue.values);
    default:
      return issue.message;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function flatten(issue: Issue, basePath: readonly PropertyKey[], out: ConfigIssue[], format: FormatOptions): void {
  const path = [...basePath, ...issue.path];
  const options = (issue as { options?: unknown[] }).options;
  if (issue.code === 'invalid_union' && issue.errors.length === 0 && Array.isArray(options)) {
    const input = (issue as { input?: unknown }).input;
    const given = input !== null && typeof input === 'object' ? (input as { type?: unknown }).type : input;
    const hint = typeof given === 'string' ? didYouMean(given, options.filter((v): v is string => typeof v === 'string')) : '';
    out.push({ path: formatPath(path), message: `unknown value; accepted: ${options.map((v) => JSON.stringify(v)).join(', ')}${hint}` });
    return;
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the branch the user most likely meant, not every alternative.
    const best = [...issue.errors].sort((a, b) => branchScore(a, path) - branchScore(b, path))[0];
    if (branchScore(best, path) >= 1000 && issue.errors.every((b) => branchScore(b, path) >= 1000)) {
      const types = issue.errors.flatMap((b) => b.filter((i) => i.code === 'invalid_type').map((i) => (i as { expected: string }).expected));
      const accepted = [...new Set(types)];
      const discriminators = issue.errors.flatMap((b) =>
        b.filter((i) => i.code === 'invalid_value' && i.path[0] === 'type').flatMap((i) => (i as { values: unknown[] }).values),
      );
      if (discriminators.length > 0) {
        const input = (issue as { input?: unknown }).input;
        const given = input !== null && typeof input === 'object' ? (input as { type?: unknown }).type : undefined;
        const names = [...new Set(discriminators)].filter((v): v is string => typeof v === 'string');
        const hint = typeof given === 'string' ? didYouMean(given, names) : '';
        out.push({ path: formatPath([...path, 'type']), message: `unknown type; accepted: ${[...new Set(discriminators)].map((v) => JSON.stringify(v)).join(', ')}${hint}` });
        return;
      }
      // A name given where a name or an object is accepted (dlt's `"paginator": "cursor"` shorthand): list the names.
      const names = issue.errors.flatMap((b) => b.filter((i) => i.code === 'invalid_value' && i.path.length === 0).flatMap((i) => (i as { values: unknown[] }).values));
      const input = (issue as { input?: unknown }).input;
      if (names.length > 0 && typeof input === 'string') {
        out.push({ path: formatPath(path), message: acceptedValues(input, [...new Set(names)]) });
        return;
      }
      out.push({ path: formatPath(path), message: accepted.length ? `expected ${accepted.join(' or ')}` : issue.message });
      return;
    }
    for (const inner of best) flatten(inner, path, out, format);
    return;
  }
  out.push({ path: formatPath(path), message: describe(issue, path, format) });
}

/** Converts zod issues to {@link ConfigIssue}s, one per problem, union noise removed. */
export function formatIssues(issues: readonly Issue[], options: FormatOptions = {}): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) flatten(issue, [], out, options);
  const seen = new Set<string>();
  return out.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
