import { PathValueError } from '../../../lambdas/errors/PathValueError';
import { encodePathValue, joinPathPieces } from '../../../lambdas/request/pathValue';
import { addSecret, clearSecrets } from '../../../lambdas/secrets/Redactor';

const source = { resource: 'comments', placeholder: '{resources.issues.id}', parent: { id: 7 } };

describe('encodePathValue', () => {
  afterEach(() => clearSecrets());

  it.each([
    ['42', '42'],
    ['dlt-hub/dlt', 'dlt-hub/dlt'],
    ['a b?c#d', 'a%20b%3Fc%23d'],
    ['100%', '100%25'],
    ['%2e%2e', '%252e%252e'],
    ['back\\slash', 'back%5Cslash'],
    ['...', '...'],
    ['v1.2', 'v1.2'],
  ])('encodes %j as %j', (value, encoded) => {
    expect(encodePathValue(value, source)).toBe(encoded);
  });

  it.each(['.', '..', '../x', 'x/..', 'a/./b'])('refuses %j', (value) => {
    expect(() => encodePathValue(value, source)).toThrow(PathValueError);
  });

  it('names an incremental placeholder without a parent record', () => {
    expect(() => encodePathValue('..', { resource: 'events', placeholder: '{incremental.start_value}' })).toThrow(
      /^resource "events": \{incremental\.start_value\} is "\.\.", which would put/,
    );
  });

  it('redacts a secret the parent record echoes and clips a long record', () => {
    addSecret('sk_live_parent_echo');
    const error = (() => {
      try {
        encodePathValue('..', { ...source, parent: { id: 1, link: 'https://x/?key=sk_live_parent_echo', note: 'x'.repeat(500) } });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).not.toContain('sk_live_parent_echo');
    expect(error?.message).toContain('key=***');
    expect(error?.message.length).toBeLessThan(400);
  });
});

describe('joinPathPieces', () => {
  const value = (raw: string) => ({ text: encodePathValue(raw, source), value: { raw, source } });

  it.each([
    [['a/', '', './b'], 'a/./b'],
    [['', 'a/', './b'], 'a/./b'],
    [['a/.', '', '/b'], 'a/./b'],
    [['a/%2E', '', '/b'], 'a/%2E/b'],
  ])('refuses a dot segment a value forms with the text next to it: %j', (parts) => {
    const pieces = parts.map((text, i) => (i === 1 ? value(text) : { text }));
    expect(() => joinPathPieces(pieces)).toThrow(PathValueError);
  });

  it('keeps dot segments the text alone spells, and dots after the query', () => {
    expect(joinPathPieces([{ text: 'a/../' }, value('7'), { text: '?next=./' }, value('')])).toBe('a/../7?next=./');
    expect(joinPathPieces([{ text: 'v' }, value('1.2'), { text: '.json' }])).toBe('v1.2.json');
  });
});
