import { issuesOf } from './support/issuesOf';

const client = { base_url: 'https://api.example.com/v1/' };

describe('validateSource: cross-field rules on what the run would see', () => {
  it('reports a parent placeholder in resource_defaults that makes a resource its own parent, where it is written (it used to recurse until the stack overflowed)', () => {
    const issues = issuesOf({ name: 'acme', client, resource_defaults: { endpoint: { params: { id: '{resources.users.id}' } } }, resources: ['users', 'posts'] });
    expect(issues).toContainEqual({ path: 'resource_defaults.endpoint.params.id', message: expect.stringMatching(/resource "users" cannot be its own parent \(resources\[0\], from resource_defaults\.endpoint\.params\.id, which applies to every resource\)/) });
  });

  it('reports a cycle between string resources whose parents come from resource_defaults and their own endpoints', () => {
    const issues = issuesOf({ name: 'acme', client, resources: [{ name: 'a', endpoint: 'x/{resources.b.id}' }, { name: 'b', endpoint: 'y/{resources.a.id}' }] });
    expect(issues).toContainEqual({ path: 'resources', message: 'parent references form a cycle: a → b → a' });
  });

  it('refuses client_auth basic without a client_id, naming the field', () => {
    const auth = { type: 'oauth2_refresh_token', access_token_url: 'https://auth.example.com/t', refresh_token: { secret: 'rt' }, client_auth: 'basic' };
    expect(issuesOf({ name: 'acme', client: { ...client, auth }, resources: ['users'] })).toEqual([{ path: 'client.auth.client_auth', message: '"basic" needs client_id (and client_secret)' }]);
  });

  it('refuses header names and values fetch would refuse, at every level', () => {
    const issues = issuesOf({
      name: 'acme',
      client: { ...client, headers: { 'bad name': 'x' } },
      resource_defaults: { endpoint: { headers: { 'X-Euro': 'price in \u20ac' } } },
      resources: [{ name: 'users', endpoint: { headers: { 'X-Nul': 'a\u0000b' } } }],
    });
    expect(issues.map((i) => i.path)).toEqual(['client.headers["bad name"]', 'resource_defaults.endpoint.headers["X-Euro"]', 'resources[0].endpoint.headers["X-Nul"]']);
  });
});
