import {
  addEncodedSecret,
  addSecret,
  clearSecrets,
  containsSecret,
  longestSecretLength,
  redact,
  redactDeep,
  redactDeepCounting,
  secretForms,
} from '../../../lambdas/secrets/Redactor';

afterEach(() => clearSecrets());

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('Redactor', () => {
  describe('Method: redact', () => {
    it('replaces a secret, its URL-encoded form and its JSON-escaped form when each appears', () => {
      addSecret('p"a ss\\w0rd');
      expect(redact('raw p"a ss\\w0rd')).toBe('raw ***');
      expect(redact(`url ${encodeURIComponent('p"a ss\\w0rd')}`)).toBe('url ***');
      expect(redact(JSON.stringify({ k: 'x p"a ss\\w0rd' }))).toBe('{"k":"x ***"}');
    });

    it('replaces the form-encoded echo of a client secret (~ ! ( ) percent-encoded, spaces as +)', () => {
      addSecret('cs~Secret!Value(1)');
      expect(redact('grant_type=client_credentials&client_secret=cs%7ESecret%21Value%281%29')).toBe('grant_type=client_credentials&client_secret=***');
      addSecret('two words here!');
      expect(redact('q=two+words+here%21&x=1')).toBe('q=***&x=1');
    });

    it('replaces the JSON forms that escape "/" as "\\/" and non-ASCII as \\uXXXX', () => {
      addSecret('tok/en/é-12345');
      expect(redact('{"echo":"tok\\/en\\/é-12345"}')).toBe('{"echo":"***"}');
      expect(redact('{"echo":"tok\\/en\\/\\u00e9-12345"}')).toBe('{"echo":"***"}');
    });

    it('replaces base64 and base64url forms, padded or not, whole or inside a longer base64 text', () => {
      const secret = 'SECRET?>>value~1';
      addSecret(secret);
      expect(redact(`b64 ${b64(secret)}`)).toBe('b64 ***');
      expect(redact(`b64url ${b64url(secret)}`)).toBe('b64url ***');
      for (const around of ['', 'x', 'xy', 'xyz']) {
        const embedded = b64(`${around}{"key":"${secret}"}`);
        expect(redact(embedded)).toContain('***');
        expect(redact(embedded)).not.toContain(b64(secret).slice(4, 12));
      }
    });

    it('replaces the Basic form of user:password without touching the user name alone', () => {
      addSecret('pw-secret-123');
      addEncodedSecret('ops@acme.com:pw-secret-123');
      expect(redact(`Authorization: Basic ${b64('ops@acme.com:pw-secret-123')}`)).toBe('Authorization: Basic ***');
      expect(redact('user ops@acme.com')).toBe('user ops@acme.com');
    });

    it('replaces a short credential only as a whole word', () => {
      addSecret('10000');
      expect(redact('header 10000 sent')).toBe('header *** sent');
      expect(redact('total 100000 or a10000')).toBe('total 100000 or a10000');
    });
  });

  describe('Method: redactDeepCounting', () => {
    it('counts the string values that changed and leaves keys, numbers and identifiers alone', () => {
      addSecret('sk_live_123456');
      const { value, redacted } = redactDeepCounting({ sk_live_123456: 1, a: 'x sk_live_123456', b: ['sk_live_123456', 'ops@acme.com'], n: 123456 });
      expect(value).toEqual({ sk_live_123456: 1, a: 'x ***', b: ['***', 'ops@acme.com'], n: 123456 });
      expect(redacted).toBe(2);
    });

    it('replaces a short credential only where a string value is exactly it', () => {
      addSecret('10000');
      expect(redactDeep({ total: 10000, s: '10000', t: 'page 10000 of 20000' })).toEqual({ total: 10000, s: '***', t: 'page 10000 of 20000' });
    });

    it('returns the same object when no string holds a secret', () => {
      addSecret('sk_live_123456');
      const clean = { a: 1, b: ['x', { c: 'y' }] };
      expect(redactDeep(clean)).toBe(clean);
      expect(redactDeep({ a: ['sk_live_123456'] })).toEqual({ a: ['***'] });
    });
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
    addSecret('ab"cd-12345');
    expect(longestSecretLength()).toBe(Math.max(...secretForms('ab"cd-12345').map((f) => f.length)));
  });

  it('lists every form a credential travels in', () => {
    const secret = 'cs~Secret!Value(1)/x y';
    const forms = secretForms(secret);
    for (const form of [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ v: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
      b64(secret),
      b64url(secret),
    ]) {
      expect(forms).toContain(form);
    }
  });
});
