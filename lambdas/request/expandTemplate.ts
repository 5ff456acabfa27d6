/**
 * Expands the placeholders of a template (`{resources.<parent>.<field>}`,
 * `{incremental.initial_value|start_value|end_value|last_value}`) at any depth
 * inside `params`, `json`, `data`, `headers` and in `path`, and turns `{{` / `}}`
 * into literal braces, as dlt's `str.format` does. A string that is exactly one
 * placeholder takes the value with its JSON type (a number stays a number in a
 * JSON body); placeholders inside a longer string are interpolated. Inserted
 * values are never expanded again.
 */
import { parsePlaceholder, parseTemplate, type Placeholder } from '../config/placeholders';
import { ParentFieldError } from '../errors/ParentFieldError';
import { queryFirst } from '../selectors/jsonPath';
import { encodePathValue, joinPathPieces, type PathPiece } from './pathValue';
import type { TemplateVars } from './TemplateVars';

/** Options of {@link expandTemplate}. */
export interface ExpandOptions {
  /** URL-encode interpolated values and refuse `.`/`..` segments in them (for `path`; see `pathValue.ts`). @default false */
  readonly encode?: boolean;
  /** The resource the template belongs to, named when a path value is refused. */
  readonly resource?: string;
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
  if (!text.includes('{') && !text.includes('}')) return text;
  const parsed = parseTemplate(text);
  // Validation refuses a malformed template; should one get here, it is sent as written.
  if (!parsed.ok) return text;
  const [only] = parsed.parts;
  if (!options.encode && parsed.parts.length === 1 && only.kind === 'field') {
    const placeholder = parsePlaceholder(only.expression);
    if (placeholder) return valueOf(placeholder, vars);
  }
  const pieces = parsed.parts.map((part): PathPiece => {
    if (part.kind === 'text') return { text: part.text };
    const placeholder = parsePlaceholder(part.expression);
    // Validation refuses unknown placeholders; left as written, never silently emptied.
    if (!placeholder) return { text: `{${part.expression}}` };
    const raw = asText(valueOf(placeholder, vars));
    if (!options.encode) return { text: raw };
    const source = { resource: options.resource, placeholder: `{${part.expression}}`, parent: placeholder.kind === 'incremental' ? undefined : vars.parent };
    return { text: encodePathValue(raw, source), value: { raw, source } };
  });
  // In a path, a value may form a dot segment with the text next to it (`{x}.` with x "."), not only alone.
  return options.encode ? joinPathPieces(pieces) : pieces.map((p) => p.text).join('');
}

/**
 * Returns `value` with every placeholder expanded (a new value; the input is not changed).
 * @throws ParentFieldError when the parent record lacks a field a placeholder reads.
 * @throws PathValueError when, with `encode`, a value would put a `.` or `..` segment into the path.
 * @example expandTemplate({ id: '{resources.users.id}' }, { parent: { id: 7 } }) // → { id: 7 }
 * @example expandTemplate('{{"a": 1}}', {}) // → '{"a": 1}'
 */
export function expandTemplate(value: unknown, vars: TemplateVars, options: ExpandOptions = {}): unknown {
  if (typeof value === 'string') return expandString(value, vars, options);
  if (Array.isArray(value)) return value.map((v) => expandTemplate(v, vars, options));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandTemplate(v, vars, options)]));
  }
  return value;
}
