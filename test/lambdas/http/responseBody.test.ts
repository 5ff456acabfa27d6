import { excerptOf, parseBody } from '../../../lambdas/http/responseBody';
import { addSecret, clearSecrets } from '../../../lambdas/secrets/Redactor';

afterEach(() => clearSecrets());

describe('excerptOf', () => {
  it('returns a one-line excerpt of at most 200 characters and an ellipsis when the body is longer', () => {
    const body = `{\n  "error":   "bad",\n${'  "x": 1,\n'.repeat(20_000)}}`;
    const excerpt = excerptOf(body) as string;
    expect(excerpt.startsWith('{ "error": "bad", "x": 1,')).toBe(true);
    expect(excerpt).toHaveLength(201);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('never shows part of a secret that the excerpt cut runs through', () => {
    const secret = 'S3CR3T-'.repeat(40); // longer than the excerpt itself
    addSecret(secret);
    for (let at = 0; at < 1200; at += 37) {
      const excerpt = excerptOf(`${'a'.repeat(at)}${secret} tail`) as string;
      expect(excerpt).not.toContain('S3CR3T');
    }
  });

  it('redacts a secret inside the excerpt and keeps the text around it', () => {
    addSecret('tok_abcdef');
    expect(excerptOf('{"message": "token tok_abcdef rejected"}')).toBe('{"message": "token *** rejected"}');
  });

  it('returns undefined for a blank body', () => {
    expect(excerptOf(' \n\t ')).toBeUndefined();
  });
});

describe('parseBody', () => {
  it('parses text or bytes alike, and reads a blank body or a 204 as null', () => {
    expect(parseBody('{"a":1}', 200)).toEqual({ ok: true, value: { a: 1 } });
    expect(parseBody(new TextEncoder().encode('[1]'), 200)).toEqual({ ok: true, value: [1] });
    expect(parseBody('  \n', 200)).toEqual({ ok: true, value: null });
    expect(parseBody('ignored', 204)).toEqual({ ok: true, value: null });
    expect(parseBody('<html>', 200)).toEqual({ ok: false });
  });

  it('reads a body of any white space a regular expression\'s \\s matches as null, and one with anything else as JSON', () => {
    expect(parseBody('\u00a0\u2003\u3000\ufeff\v\f', 200)).toEqual({ ok: true, value: null });
    expect(parseBody(' \u00a0 x', 200)).toEqual({ ok: false });
  });

  it('leaves no page body alive in the regular expression statics (RegExp.input keeps the last string searched)', () => {
    /^/.test('before');
    const body = JSON.stringify({ data: Array.from({ length: 1000 }, (_, id) => ({ id })) });

    parseBody(body, 200);

    expect((RegExp as unknown as { input: string }).input).toBe('before');
  });
});
