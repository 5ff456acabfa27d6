import { normalizeSource } from '../../../lambdas/config/normalizeSource';
import { SourceSchema } from '../../../lambdas/config/schema';
import { validateSource } from '../../../lambdas/config/validateSource';
import type { ConfigIssue } from '../../../lambdas/errors/ConfigValidationError';
import { issuesOf } from './support/issuesOf';

const client = { base_url: 'https://api.example.com/v1/' };

/** The model of a schema-valid definition, and what normalizing it collected. */
function modelOf(definition: unknown) {
  const issues: ConfigIssue[] = [];
  const model = normalizeSource(SourceSchema.parse(definition), issues);
  return { model, issues };
}

describe('normalizeSource: the model remembers where each merged key was declared', () => {
  it('names the level each header, param and body field of a resource comes from', () => {
    const model = validateSource({
      name: 'acme',
      client: { ...client, headers: { 'X-Client': 'c', Accept: 'text/plain' } },
      resource_defaults: { endpoint: { method: 'POST', headers: { Accept: 'application/json', 'X-Default': 'd' }, params: { per_page: 50, q: 'all' }, json: { a: 1, b: 2 } } },
      resources: [{ name: 'users', endpoint: { headers: { 'X-Default': 'own' }, params: { q: 'mine' }, json: { b: 3 } } }],
    });
    const [users] = model.resources;
    expect(users.endpoint.declared).toEqual({
      path: 'resources[0].name',
      headers: { 'X-Client': 'client.headers["X-Client"]', Accept: 'resource_defaults.endpoint.headers.Accept', 'X-Default': 'resources[0].endpoint.headers["X-Default"]' },
      params: { per_page: 'resource_defaults.endpoint.params.per_page', q: 'resources[0].endpoint.params.q' },
      body: { a: 'resource_defaults.endpoint.json.a', b: 'resources[0].endpoint.json.b' },
      overridden: [
        { at: 'resource_defaults.endpoint.headers["X-Default"]', part: 'headers', key: 'X-Default', value: 'd' },
        { at: 'client.headers.Accept', part: 'headers', key: 'Accept', value: 'text/plain' },
        { at: 'resource_defaults.endpoint.params.q', part: 'params', key: 'q', value: 'all' },
        { at: 'resource_defaults.endpoint.json.b', part: 'json', key: 'b', value: 2 },
      ],
    });
    expect(Object.isFrozen(users.endpoint.declared.headers)).toBe(true);
  });

  it('names where the path was written: the endpoint string, the path field, the defaults, or the name it defaults to', () => {
    const model = validateSource({
      name: 'acme',
      client,
      resources: ['users', { name: 'posts', endpoint: 'p' }, { name: 'tags', endpoint: { path: 't' } }],
    });
    expect(model.resources.map((r) => r.endpoint.declared.path)).toEqual(['resources[0].name', 'resources[1].endpoint', 'resources[2].endpoint.path']);
    const shared = validateSource({ name: 'acme', client, resource_defaults: { endpoint: { path: 'all' } }, resources: ['users'] });
    expect(shared.resources[0].endpoint.declared.path).toBe('resource_defaults.endpoint.path');
  });

  it('reports a plaintext credential param merged from resource_defaults where the defaults declare it, once', () => {
    const issues = issuesOf({ name: 'acme', client, resource_defaults: { endpoint: { params: { api_key: 'plain-key-123456' } } }, resources: ['users', 'posts'] });
    expect(issues.filter((i) => /query parameter "api_key"/.test(i.message)).map((i) => i.path)).toEqual(['resource_defaults.endpoint.params.api_key']);
  });

  it('reports a credential header declared in resource_defaults at its resource_defaults path, and one a resource overrides at the resource', () => {
    const issues = issuesOf({
      name: 'acme',
      client,
      resource_defaults: { endpoint: { headers: { 'X-Auth-Token': 'plainTOKEN12345' } } },
      resources: ['users', { name: 'posts', endpoint: { headers: { 'X-Auth-Token': 'otherTOKEN12345' } } }],
    });
    expect(issues.filter((i) => /carries a credential/.test(i.message)).map((i) => i.path)).toEqual([
      'resource_defaults.endpoint.headers["X-Auth-Token"]',
      'resources[1].endpoint.headers["X-Auth-Token"]',
    ]);
  });
});

describe('validateSource: rules on the model still see what a resource overrides', () => {
  it('reports a plaintext credential header of client.headers that every resource overrides, at client.headers', () => {
    const issues = issuesOf({
      name: 'acme',
      client: { ...client, headers: { 'X-Auth-Token': 'plainTOKEN12345' } },
      resources: [{ name: 'users', endpoint: { headers: { 'X-Auth-Token': { secret: 'token' } } } }],
    });
    expect(issues.map((i) => i.path)).toEqual(['client.headers["X-Auth-Token"]']);
  });
});

describe('normalizeSource: a model from any schema-valid input, its problems collected', () => {
  it.each<[string, unknown]>([
    ['a self-parent through resource_defaults', { name: 'acme', client, resource_defaults: { endpoint: { params: { id: '{resources.users.id}' } } }, resources: ['users', 'posts'] }],
    ['an unknown parent', { name: 'acme', client, resources: [{ name: 'a', endpoint: 'x/{resources.nope.id}' }] }],
    ['a parent cycle', { name: 'acme', client, resources: [{ name: 'a', endpoint: 'x/{resources.b.id}' }, { name: 'b', endpoint: 'y/{resources.a.id}' }] }],
    ['an unknown auth type', { name: 'acme', client: { ...client, auth: { type: 'nope' } }, resources: ['users'] }],
    ['a bad template', { name: 'acme', client, resources: [{ name: 'a', endpoint: { params: { q: '{oops' } } }] }],
    ['two resources of one name', { name: 'acme', client, resources: ['users', 'users'] }],
  ])('builds a model of every resource for %s, without throwing', (_label, definition) => {
    const { model } = modelOf(definition);
    expect(model.resources).toHaveLength((definition as { resources: unknown[] }).resources.length);
    expect(() => validateSource(definition)).toThrow(/resources|client\.auth/);
  });

  it('collects the problems of binding dlt params and of two bodies instead of throwing', () => {
    const { issues } = modelOf({
      name: 'acme',
      client,
      resources: [{ name: 'a', endpoint: { params: { p: { type: 'resolve', resource: 'b' } }, json: { x: 1 }, data: { y: 2 } } }],
    });
    expect(issues).toEqual([
      { path: 'resources[0].endpoint.params.p.field', message: expect.stringMatching(/resolve param names the parent field/) },
      { path: 'resources[0].endpoint', message: 'a request has one body: "json" or "data" (a form), not both' },
    ]);
  });
});
