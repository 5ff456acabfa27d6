import { issuesOf } from './support/issuesOf';
import { closest, editDistance } from '../../../lambdas/config/nearMiss';

const client = { base_url: 'https://api.example.com/' };

describe('did you mean', () => {
  it('measures edits, counting an adjacent swap as one', () => {
    expect(editDistance('schedule', 'schedule')).toBe(0);
    expect(editDistance('schedul', 'schedule')).toBe(1);
    expect(editDistance('shcedule', 'schedule')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only a close candidate', () => {
    expect(closest('primary_ky', ['primary_key', 'parent', 'name'])).toBe('primary_key');
    expect(closest('zzzzzz', ['primary_key', 'parent', 'name'])).toBeUndefined();
    // Three letters allow one edit, not a rewrite.
    expect(closest('abc', ['xyz', 'abd'])).toBe('abd');
    expect(closest('abc', ['xyz'])).toBeUndefined();
  });

  it('names the key the schema accepts at the place of the typo', () => {
    const issues = issuesOf({ name: 'acme', schedul: 'rate(1 hour)', client, resources: [{ name: 'a', endpoint: { path: 'a', paginatr: 'auto' }, primary_ky: 'id' }] });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '', message: 'unknown key "schedul" (did you mean "schedule"?)' },
        { path: 'resources[0].endpoint', message: 'unknown key "paginatr" (did you mean "paginator"?)' },
        { path: 'resources[0]', message: 'unknown key "primary_ky" (did you mean "primary_key"?)' },
      ]),
    );
  });

  it('keeps the plain refusal when nothing is close', () => {
    expect(issuesOf({ name: 'acme', client, resources: ['a'], qqqqqqqq: 1 })).toEqual([{ path: '', message: 'unknown key "qqqqqqqq" (a typo? unknown keys are not accepted)' }]);
  });

  it('lists the accepted names of a paginator given by name, and the closest one', () => {
    const [issue] = issuesOf({ name: 'acme', client: { ...client, paginator: 'cursr' }, resources: ['a'] });
    expect(issue.path).toBe('client.paginator');
    // Any name that is not built in may be a registered custom type, so the rule that knows the registry answers.
    expect(issue.message).toMatch(/^unknown paginator type "cursr"; accepted: json_link, .*\bcursor\b.* \(did you mean "cursor"\?\) \(custom types need registerPaginator\("cursr", factory\) in a TypeScript source\)$/);
  });

  it('suggests a paginator type and an auth type', () => {
    const [paginator] = issuesOf({ name: 'acme', client: { ...client, paginator: { type: 'offst', limit: 10 } }, resources: ['a'] });
    expect(paginator).toEqual({ path: 'client.paginator.type', message: expect.stringContaining('(did you mean "offset"?)') });
    const [auth] = issuesOf({ name: 'acme', client: { ...client, auth: { type: 'bearr', token: { secret: 't' } } }, resources: ['a'] });
    expect(auth).toEqual({ path: 'client.auth.type', message: expect.stringContaining('(did you mean "bearer"?)') });
  });
});
