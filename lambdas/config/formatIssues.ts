/**
 * Turns zod's issues into field-path messages a data engineer can act on:
 * `resources[2].endpoint.paginator.limit: required (a number)`.
 */
import type { z } from 'zod';
import type { ConfigIssue } from '../errors/ConfigValidationError';

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

function describe(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}, got ${typeName(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (a typo? unknown keys are not accepted)`;
    case 'invalid_value':
      return `got ${preview(issue.input)}; accepted: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function flatten(issue: Issue, basePath: readonly PropertyKey[], out: ConfigIssue[]): void {
  const path = [...basePath, ...issue.path];
  const options = (issue as { options?: unknown[] }).options;
  if (issue.code === 'invalid_union' && issue.errors.length === 0 && Array.isArray(options)) {
    out.push({ path: formatPath(path), message: `unknown value; accepted: ${options.map((v) => JSON.stringify(v)).join(', ')}` });
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
        out.push({ path: formatPath([...path, 'type']), message: `unknown type; accepted: ${[...new Set(discriminators)].map((v) => JSON.stringify(v)).join(', ')}` });
        return;
      }
      out.push({ path: formatPath(path), message: accepted.length ? `expected ${accepted.join(' or ')}` : issue.message });
      return;
    }
    for (const inner of best) flatten(inner, path, out);
    return;
  }
  out.push({ path: formatPath(path), message: describe(issue) });
}

/** Converts zod issues to {@link ConfigIssue}s, one per problem, union noise removed. */
export function formatIssues(issues: readonly Issue[]): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) flatten(issue, [], out);
  const seen = new Set<string>();
  return out.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
