import { PathValueError } from '../../../lambdas/errors/PathValueError';
import { ParentFieldError } from '../../../lambdas/errors/ParentFieldError';
import { expandTemplate } from '../../../lambdas/request/expandTemplate';

const vars = { parent: { id: 42, slug: 'a b/c', owner: { login: 'ann' } }, incremental: { start_value: '2024-01-01T00:00:00Z', end_value: 100 } };

describe('expandTemplate', () => {
  it('keeps the JSON type of a value that is exactly one placeholder', () => {
    expect(expandTemplate({ id: '{resources.users.id}', until: '{incremental.end_value}' }, vars)).toEqual({ id: 42, until: 100 });
  });

  it('interpolates placeholders inside longer strings, at any depth', () => {
    expect(expandTemplate({ q: { filter: ['updated>{incremental.start_value}', 'owner:{resources.users.owner.login}'] } }, vars)).toEqual({
      q: { filter: ['updated>2024-01-01T00:00:00Z', 'owner:ann'] },
    });
  });

  it('URL-encodes each segment of a value for a path, keeping "/" between segments as dlt does', () => {
    expect(expandTemplate('repos/{resources.users.slug}/issues', vars, { encode: true })).toBe('repos/a%20b/c/issues');
  });

  it('refuses a path value with a "." or ".." segment, naming the resource and the placeholder', () => {
    const run = (): unknown => expandTemplate('users/{resources.users.slug}/posts', { parent: { slug: '../admin' } }, { encode: true, resource: 'posts' });
    expect(run).toThrow(PathValueError);
    expect(run).toThrow(/^resource "posts": \{resources\.users\.slug\} is "\.\.\/admin" in parent record \{"slug":"\.\.\/admin"\}/);
    expect(expandTemplate({ q: '{resources.users.slug}' }, { parent: { slug: '..' } })).toEqual({ q: '..' });
  });

  it('fails listing the parent fields when the parent record lacks the field', () => {
    const run = (): unknown => expandTemplate('users/{resources.users.uid}', vars);
    expect(run).toThrow(ParentFieldError);
    expect(run).toThrow(/parent resource "users" record has no field "uid"; its fields: "id", "slug", "owner"/);
  });

  it('leaves the input unchanged', () => {
    const input = { id: '{resources.users.id}' };
    expandTemplate(input, vars);
    expect(input).toEqual({ id: '{resources.users.id}' });
  });
});
