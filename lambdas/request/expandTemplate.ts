/**
 * Expands `{resources.<parent>.<field>}` and `{incremental.start_value|end_value}`
 * at any depth inside `params`, `json`, `headers` and in `path`. A string that is
 * exactly one placeholder takes the value with its JSON type (a number stays a
 * number in a JSON body); placeholders inside a longer string are interpolated.
 */
import { parsePlaceholder, PLACEHOLDER, type Placeholder } from '../config/placeholders';
import { ParentFieldError } from '../errors/ParentFieldError';
import { queryFirst } from '../selectors/jsonPath';
import type { TemplateVars } from './TemplateVars';

/** Options of {@link expandTemplate}. */
export interface ExpandOptions {
  /** URL-encode interpolated values (for `path`). @default false */
  readonly encode?: boolean;
}

function valueOf(placeholder: Placeholder, vars: TemplateVars): unknown {
  if (placeholder.kind === 'incremental') return vars.incremental?.[placeholder.which];
  const parent = vars.parent ?? {};
  const { found, value } = queryFirst(placeholder.field, parent);
  if (!found) throw new ParentFieldError(placeholder.resource, placeholder.field, Object.keys(parent));
  return value;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function expandString(text: string, vars: TemplateVars, options: ExpandOptions): unknown {
  const matches = [...text.matchAll(PLACEHOLDER)];
  if (matches.length === 0) return text;
  if (matches.length === 1 && matches[0][0] === text) {
    const only = parsePlaceholder(matches[0][1]);
    if (only) {
      const value = valueOf(only, vars);
      return options.encode ? encodeURIComponent(asText(value)) : value;
    }
  }
  return text.replace(PLACEHOLDER, (whole, expression: string) => {
    const placeholder = parsePlaceholder(expression);
    if (!placeholder) return whole;
    const value = asText(valueOf(placeholder, vars));
    return options.encode ? encodeURIComponent(value) : value;
  });
}

/**
 * Returns `value` with every placeholder expanded (a new value; the input is not changed).
 * @throws ParentFieldError when the parent record lacks a field a placeholder reads.
 * @example expandTemplate({ id: '{resources.users.id}' }, { parent: { id: 7 } }) // → { id: 7 }
 */
export function expandTemplate(value: unknown, vars: TemplateVars, options: ExpandOptions = {}): unknown {
  if (typeof value === 'string') return expandString(value, vars, options);
  if (Array.isArray(value)) return value.map((v) => expandTemplate(v, vars, options));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandTemplate(v, vars, options)]));
  }
  return value;
}
