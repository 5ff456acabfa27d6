import { addSecret, clearSecrets, containsSecret, longestSecretLength, redact, redactDeep } from '../../../lambdas/secrets/Redactor';

afterEach(() => clearSecrets());

describe('Redactor', () => {
  it('replaces a secret, its URL-encoded form and its JSON-escaped form when each appears', () => {
    addSecret('p"a ss\\w0rd');
    expect(redact('raw p"a ss\\w0rd')).toBe('raw ***');
    expect(redact(`url ${encodeURIComponent('p"a ss\\w0rd')}`)).toBe('url ***');
    expect(redact(JSON.stringify({ k: 'x p"a ss\\w0rd' }))).toBe('{"k":"x ***"}');
  });

  it('tells whether a text holds a secret, the same on every call', () => {
    expect(containsSecret('anything')).toBe(false);
    addSecret('sk_live_123456');
    for (let i = 0; i < 3; i++) {
      expect(containsSecret('a sk_live_123456 b')).toBe(true);
      expect(containsSecret('a sk_live_12345 b')).toBe(false);
    }
  });

  it('reports the longest registered form, and 0 when none is registered', () => {
    expect(longestSecretLength()).toBe(0);
    addSecret('ab"cd');
    // The JSON-escaped form ab\"cd and the URL-encoded form ab%22cd are longer than the value.
    expect(longestSecretLength()).toBe(encodeURIComponent('ab"cd').length);
  });

  it('returns the same object from redactDeep when no string holds a secret', () => {
    addSecret('sk_live_123456');
    const clean = { a: 1, b: ['x', { c: 'y' }] };
    expect(redactDeep(clean)).toBe(clean);
    expect(redactDeep({ a: ['sk_live_123456'] })).toEqual({ a: ['***'] });
  });
});
