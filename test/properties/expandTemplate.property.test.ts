import { PathValueError } from '../../lambdas/errors/PathValueError';
/**
 * Properties of placeholder expansion (`{resources.<parent>.<field>}`,
 * `{incremental.start_value|end_value}`) in path, params, json and headers:
 * no crash but typed errors, JSON types kept for a lone placeholder, identity
 * without placeholders, values inserted once (never expanded again), and path
 * values URL-encoded, `{{` / `}}` literal braces.
 */
import fc from 'fast-check';
import { SluiceError } from '../../lambdas/errors/SluiceError';
import { expandTemplate } from '../../lambdas/request/expandTemplate';
import type { TemplateVars } from '../../lambdas/request/TemplateVars';
import { propertyParameters } from './propertySettings';

const fieldName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/);
const placeholder = fc.oneof(
  fieldName.map((f) => `{resources.parent.${f}}`),
  fc.constantFrom('{incremental.start_value}', '{incremental.end_value}'),
  // Near misses and JSONPath-ish fields, which must fail (if at all) with a typed error.
  fc.string({ maxLength: 12 }).map((f) => `{resources.parent.${f}}`),
  fc.constantFrom('{resources.}', '{resources.parent.}', '{incremental.other}', '{', '}', '{}', '{{resources.parent.id}}'),
);
const template = fc.array(fc.oneof(fc.string({ maxLength: 8 }), placeholder), { maxLength: 6 }).map((parts) => parts.join(''));
const vars: fc.Arbitrary<TemplateVars> = fc.record(
  {
    parent: fc.dictionary(fieldName, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    incremental: fc.record({ start_value: fc.jsonValue({ maxDepth: 1 }), end_value: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const templated = fc.oneof(template, fc.dictionary(fc.string({ maxLength: 6 }), template, { maxKeys: 3 }), fc.array(template, { maxLength: 3 }));

// Braces are template syntax (`{x}` a placeholder, `{{` / `}}` literal braces): a value without any is plain.
function hasBrace(value: unknown): boolean {
  return /[{}]/.test(JSON.stringify(value) ?? '');
}

describe('expandTemplate (property)', () => {
  it('returns or throws a typed sluice error for random templates and variables', () => {
    fc.assert(
      fc.property(templated, vars, fc.boolean(), (value, v, encode) => {
        try {
          expandTemplate(value, v, { encode });
        } catch (error) {
          if (!(error instanceof SluiceError)) throw new Error(`untyped error ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
        }
      }),
      propertyParameters(300),
    );
  });

  it('keeps the JSON type of a value that is exactly one placeholder', () => {
    fc.assert(
      fc.property(fieldName, fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (field, parentValue, startValue) => {
        const v: TemplateVars = { parent: { [field]: parentValue }, incremental: { start_value: startValue } };
        expect(expandTemplate(`{resources.parent.${field}}`, v)).toStrictEqual(parentValue);
        expect(expandTemplate({ body: { nested: [`{incremental.start_value}`] } }, v)).toStrictEqual({ body: { nested: [startValue] } });
      }),
      propertyParameters(300),
    );
  });

  it('returns values without placeholders unchanged, and never changes its input', () => {
    const plain = fc.jsonValue({ maxDepth: 4 }).filter((value) => !hasBrace(value));
    fc.assert(
      fc.property(plain, vars, fc.boolean(), (value, v, encode) => {
        const before = structuredClone(value);
        expect(expandTemplate(value, v, { encode })).toStrictEqual(value);
        expect(value).toStrictEqual(before);
      }),
      propertyParameters(300),
    );
  });

  it('turns doubled braces into literal ones and never expands what they enclose', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }).filter((s) => !/[{}]/.test(s)), vars, (inner, v) => {
        expect(expandTemplate(`{{${inner}}}`, v)).toBe(`{${inner}}`);
        expect(expandTemplate(`{{resources.parent.${inner}}}`, v)).toBe(`{resources.parent.${inner}}`);
      }),
      propertyParameters(200),
    );
  });

  it('inserts a value once: placeholders inside parent values are not expanded again', () => {
    fc.assert(
      fc.property(fieldName, placeholder, (field, inner) => {
        const v: TemplateVars = { parent: { id: 7, [field]: inner }, incremental: { start_value: 1 } };
        expect(expandTemplate(`a-{resources.parent.${field}}-b`, v)).toBe(`a-${inner}-b`);
      }),
      propertyParameters(200),
    );
  });

  it('URL-encodes every segment of a value interpolated into a path, keeps "/" between them as dlt does, and never lets a "." or ".." segment through', () => {
    const segmentValue = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.array(fc.constantFrom('a', '.', '..', '', '?', '#', '%2e', 'b c'), { maxLength: 4 }).map((parts) => parts.join('/')),
      fc.constantFrom('../admin', 'a/b?c=d#e', '%2F', ' space', 'ünï', '?x=1&y=2', 'dlt-hub/dlt'),
    );
    fc.assert(
      fc.property(fieldName, segmentValue, (field, value) => {
        const v: TemplateVars = { parent: { [field]: value } };
        const text = String(value);
        const dotted = text.split('/').some((s) => s === '.' || s === '..');
        const expand = (): string => expandTemplate(`users/{resources.parent.${field}}/posts`, v, { encode: true }) as string;
        if (dotted) {
          expect(expand).toThrow(PathValueError);
          return;
        }
        const expanded = expand();
        const encoded = text.split('/').map(encodeURIComponent).join('/');
        expect(expanded).toBe(`users/${encoded}/posts`);
        const segments = expanded.split('/');
        expect(segments.slice(1, -1).map(decodeURIComponent).join('/')).toBe(text);
        expect(segments.filter((s) => s === '.' || s === '..')).toEqual([]);
        expect(expanded).not.toMatch(/[?#]/);
        expect(expandTemplate(`{resources.parent.${field}}`, v, { encode: true })).toBe(encoded);
      }),
      propertyParameters(300),
    );
  });
});
