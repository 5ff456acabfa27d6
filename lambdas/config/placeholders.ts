/**
 * Templates in `path`, `params`, `json`, `data` and `headers`, with dlt's
 * (Python `str.format`) syntax: `{expression}` is a placeholder, `{{` and `}}`
 * are literal braces. The expressions the engine expands are
 * `{resources.<parent>.<field>}` (a parent record's field) and
 * `{incremental.initial_value|start_value|end_value|last_value}`; a dlt
 * `{name}` bound by a `resolve` or static param is rewritten at normalization
 * (`dltParams.ts`). Finding them happens at validation; expanding them, per
 * request, in `lambdas/request/expandTemplate.ts`.
 *
 * Unlike `str.format`, an expression runs to its closing brace (a parent field
 * may be a JSONPath such as `data[-1:].id`): there are no `!conversion` or
 * `:format_spec` parts.
 */
import { PARENT_PLACEHOLDER } from './names';

/** The `{incremental.…}` values, as dlt's `Incremental` names them. */
export const INCREMENTAL_VALUES = ['initial_value', 'start_value', 'end_value', 'last_value'] as const;

/** One of {@link INCREMENTAL_VALUES}. */
export type IncrementalValue = (typeof INCREMENTAL_VALUES)[number];

/** A piece of a parsed template: literal text (braces unescaped) or a placeholder's expression. */
export type TemplatePart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'field'; readonly expression: string };

/** A parsed template, or why it is not one. */
export type ParsedTemplate = { readonly ok: true; readonly parts: readonly TemplatePart[] } | { readonly ok: false; readonly error: string };

/** A placeholder the engine expands. */
export type Placeholder =
  | { readonly kind: 'parent'; readonly resource: string; readonly field: string; readonly text: string }
  | { readonly kind: 'incremental'; readonly which: IncrementalValue; readonly text: string };

/**
 * Splits a template into text and placeholders, as `str.format` does.
 * @example parseTemplate('a{{b}}/{resources.p.id}') // → text 'a{b}/', field 'resources.p.id'
 */
export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '}') {
      if (template[i + 1] !== '}') return { ok: false, error: `a single "}" at position ${i}; write "}}" for a literal brace` };
      text += '}';
      i++;
      continue;
    }
    if (c !== '{') {
      text += c;
      continue;
    }
    if (template[i + 1] === '{') {
      text += '{';
      i++;
      continue;
    }
    const end = template.indexOf('}', i + 1);
    const nested = template.indexOf('{', i + 1);
    if (end < 0) return { ok: false, error: `"{" at position ${i} is never closed; write "{{" for a literal brace` };
    if (nested >= 0 && nested < end) return { ok: false, error: `"{" inside the placeholder at position ${i}; write "{{" for a literal brace` };
    const expression = template.slice(i + 1, end);
    if (expression.trim() === '') return { ok: false, error: `an empty placeholder "{}" at position ${i}; write "{{}}" for literal braces` };
    if (text) parts.push({ kind: 'text', text });
    text = '';
    parts.push({ kind: 'field', expression });
    i = end;
  }
  if (text) parts.push({ kind: 'text', text });
  return { ok: true, parts };
}

/** Parses one placeholder expression (without braces); undefined for one the engine does not expand. */
export function parsePlaceholder(expression: string): Placeholder | undefined {
  const text = `{${expression}}`;
  if (expression.startsWith('incremental.')) {
    const which = expression.slice('incremental.'.length);
    return (INCREMENTAL_VALUES as readonly string[]).includes(which) ? { kind: 'incremental', which: which as IncrementalValue, text } : undefined;
  }
  const m = PARENT_PLACEHOLDER.exec(expression);
  if (m) return { kind: 'parent', resource: m[1], field: m[2], text };
  return undefined;
}

/** The expressions of every placeholder in a string, in order; none for a malformed template. */
export function expressionsIn(text: string): string[] {
  const parsed = parseTemplate(text);
  return parsed.ok ? parsed.parts.flatMap((p) => (p.kind === 'field' ? [p.expression] : [])) : [];
}

/** Every placeholder the engine expands in a string, in order. */
export function placeholdersIn(text: string): Placeholder[] {
  return expressionsIn(text).flatMap((e) => {
    const p = parsePlaceholder(e);
    return p ? [p] : [];
  });
}

/** Every string inside a JSON-like value, with its path below `at` (keys are not templates). */
export function templateStrings(value: unknown, at: string): Array<{ readonly at: string; readonly text: string }> {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => templateStrings(v, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => templateStrings(v, /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `${at}.${k}` : `${at}[${JSON.stringify(k)}]`));
  }
  return [];
}

/** Every placeholder the engine expands anywhere inside a JSON-like value. */
export function placeholdersDeep(value: unknown): Placeholder[] {
  return templateStrings(value, '').flatMap((s) => placeholdersIn(s.text));
}

/** Escapes a literal for a template: `{` → `{{`, `}` → `}}`. */
export function escapeTemplate(text: string): string {
  return text.replace(/[{}]/g, (b) => b + b);
}
