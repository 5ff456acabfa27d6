import { validateSource } from '../../../lambdas/config/validateSource';
import { issuesOf, issuesOrNone } from './support/issuesOf';

const client = { base_url: 'https://api.example.com/v1/' };
const PLAINTEXT = /^a credential must be a secret reference/;

describe('normalizeSource: the model keeps the blocks a more specific level overrides', () => {
  it('keeps client.auth and resource_defaults.endpoint.auth under a resource that has its own, each at its path, the client one shared', () => {
    const model = validateSource({
      name: 'acme',
      client: { ...client, auth: { type: 'bearer', token: { secret: 'client' } }, paginator: 'header_link' },
      resource_defaults: { endpoint: { auth: { type: 'bearer', token: { secret: 'defaults' } }, data_selector: 'items' } },
      resources: [{ name: 'users', endpoint: { auth: { type: 'bearer', token: { secret: 'own' } }, paginator: 'single_page', data_selector: 'data' } }],
    });
    const { endpoint } = model.resources[0];
    expect(endpoint.auth?.at).toBe('resources[0].endpoint.auth');
    expect(endpoint.written.overriddenAuth.map((a) => a.at)).toEqual(['resource_defaults.endpoint.auth', 'client.auth']);
    expect(endpoint.written.overriddenPaginators.map((p) => [p.at, p.type])).toEqual([['client.paginator', 'header_link']]);
    expect(endpoint.written.overriddenSelectors).toEqual([{ kind: 'path', at: 'resource_defaults.endpoint.data_selector', path: 'items' }]);
    expect(endpoint.written.paginatorShorthands).toEqual(['resources[0].endpoint.paginator', 'client.paginator']);
    expect(Object.isFrozen(endpoint.written.overriddenAuth[0])).toBe(true);
  });
});

describe('validateSource: auth rules on the model, for every block the file holds', () => {
  it('reports a plaintext credential in client.auth that every resource overrides, at client.auth, once', () => {
    const issues = issuesOf({
      name: 'acme',
      client: { ...client, auth: { type: 'bearer', token: 'plain-token-123456' } },
      resources: [
        { name: 'users', endpoint: { auth: { type: 'bearer', token: { secret: 'users' } } } },
        { name: 'posts', endpoint: { auth: { type: 'bearer', token: { secret: 'posts' } } } },
      ],
    });
    expect(issues).toEqual([{ path: 'client.auth.token', message: expect.stringMatching(PLAINTEXT) }]);
  });

  it('reports each problem of an overridden resource_defaults auth block at its own path, and the one that runs at the resource', () => {
    const issues = issuesOf({
      name: 'acme',
      client,
      resource_defaults: { endpoint: { auth: { type: 'api_key', name: 'api key', api_key: 'plain-key-123456' } } },
      resources: [{ name: 'users', endpoint: { auth: { type: 'kerberos' } } }],
    });
    expect(issues).toEqual([
      { path: 'resource_defaults.endpoint.auth.name', message: expect.stringMatching(/^"api key" is not a header name/) },
      { path: 'resource_defaults.endpoint.auth.api_key', message: expect.stringMatching(PLAINTEXT) },
      { path: 'resources[0].endpoint.auth.type', message: expect.stringMatching(/^unknown auth type "kerberos"; accepted: bearer, .*registerAuth\("kerberos", factory\)/) },
    ]);
  });

  it('accepts http_basic with an empty password written out, as it accepts one left out (both are the empty password, not a credential)', () => {
    // The rule used to read the raw block, where "" was a plain string; the model holds the empty password either way.
    const basic = (auth: Record<string, unknown>) => ({ name: 'acme', client: { ...client, auth: { type: 'http_basic', username: { secret: 'stripe_key' }, ...auth } }, resources: ['charges'] });
    expect(issuesOrNone(basic({ password: '' }))).toEqual([]);
    expect(issuesOrNone(basic({}))).toEqual([]);
    // Either way the username is the credential (length-checked, scrubbed), as the strategy sends it.
    expect(validateSource(basic({ password: '' })).secrets).toEqual([expect.objectContaining({ field: 'client.auth.username', credential: true })]);
    expect(validateSource(basic({})).secrets).toEqual([expect.objectContaining({ field: 'client.auth.username', credential: true })]);
    expect(issuesOf(basic({ password: 'hunter22' }))).toEqual([{ path: 'client.auth.password', message: expect.stringMatching(PLAINTEXT) }]);
  });
});

describe("validateSource: dlt's resolve params, where the file names the parent", () => {
  it('reports a self-parent made by a resolve param in resource_defaults at that param, not at the path that binds it', () => {
    const issues = issuesOf({
      name: 'acme',
      client,
      resource_defaults: { endpoint: { path: 'users/{uid}/items', params: { uid: { type: 'resolve', resource: 'users', field: 'id' } } } },
      resources: ['users'],
    });
    expect(issues).toEqual([
      {
        path: 'resource_defaults.endpoint.params.uid',
        message: 'resource "users" cannot be its own parent (resources[0], from resource_defaults.endpoint.params.uid, which applies to every resource)',
      },
    ]);
  });

  it('reports a resolve param of the resource itself on its endpoint, as a placeholder of its own', () => {
    const issues = issuesOf({ name: 'acme', client, resources: [{ name: 'users', endpoint: { path: 'users/{uid}', params: { uid: { type: 'resolve', resource: 'nope', field: 'id' } } } }] });
    expect(issues).toEqual([{ path: 'resources[0].endpoint', message: 'placeholder {resources.nope.…} names no resource of this source; resources: users' }]);
  });

  it('refuses a brace in a resolve param (it becomes a placeholder), once, where the param is written', () => {
    const issues = issuesOf({
      name: 'acme',
      client,
      resource_defaults: { endpoint: { path: 'users/{uid}/items', params: { uid: { type: 'resolve', resource: 'users', field: '{id' } } } },
      resources: ['users', { name: 'posts', endpoint: { path: 'users/{uid}/posts' } }],
    });
    expect(issues.filter((i) => /cannot hold/.test(i.message))).toEqual([
      { path: 'resource_defaults.endpoint.params.uid.field', message: 'a resolve param\'s "field" cannot hold "{" or "}": it becomes the placeholder {resources.<resource>.<field>}' },
    ]);
  });
});

describe('validateSource: what dlt binds is not a template', () => {
  it('accepts a brace in a static value the path binds (it is sent as written) and in an incremental param, which is checked as a cursor value instead', () => {
    const model = validateSource({ name: 'acme', client, resources: [{ name: 'repos', endpoint: { path: 'orgs/{org}/repos', params: { org: 'a}b' } } }] });
    expect(model.resources[0].endpoint.path).toBe('orgs/a}}b/repos');
    const issues = issuesOf({ name: 'acme', client, resources: [{ name: 'repos', endpoint: { params: { since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '{x}' } } } }] });
    expect(issues).toEqual([{ path: 'resources[0].endpoint.params.since.initial_value', message: expect.stringMatching(/^"\{x\}" is not a cursor value/) }]);
  });
});

describe('validateSource: JSONPaths of every string the run expands, and of every block the file holds', () => {
  const BAD = /is not a valid JSONPath \(RFC 9535\)/;

  it('checks the parent field of a resolve param, a placeholder in a client header and in a data form, and the cursor_path of an incremental param', () => {
    const issues = issuesOf({
      name: 'acme',
      client: { ...client, headers: { 'X-Parent': '{resources.users.data[abc]}' } },
      resources: [
        'users',
        { name: 'posts', endpoint: { path: 'users/{uid}/posts', params: { uid: { type: 'resolve', resource: 'users', field: 'data[abc]' } } } },
        { name: 'tags', endpoint: { path: 'users/{resources.users.id}/tags', method: 'POST', data: { of: '{resources.users.$[}' } } },
        { name: 'events', endpoint: { params: { since: { type: 'incremental', cursor_path: '$[' } } } },
      ],
    });
    expect(issues.filter((i) => BAD.test(i.message)).map((i) => i.path)).toEqual([
      'client.headers["X-Parent"]',
      'resources[1].endpoint',
      'resources[2].endpoint',
      'resources[3].endpoint.params.since.cursor_path',
    ]);
  });

  it('checks the blocks a resource overrides: a resource_defaults path, data_selector, paginator and incremental, and the client paginator', () => {
    const issues = issuesOf({
      name: 'acme',
      client: { ...client, paginator: { type: 'cursor', cursor_path: '$[' } },
      resource_defaults: {
        endpoint: { path: 'all/{resources.users.$[}', data_selector: '$[', paginator: { type: 'json_link', next_url_path: '$[' }, incremental: { cursor_path: '$[' } },
        include_from_parent: ['$['],
      },
      resources: [
        { name: 'users', endpoint: { path: 'users', data_selector: 'data', paginator: 'single_page', incremental: { cursor_path: 'id' } }, include_from_parent: ['id'] },
      ],
    });
    expect(issues.filter((i) => BAD.test(i.message)).map((i) => i.path)).toEqual([
      'client.paginator.cursor_path',
      'resource_defaults.endpoint',
      'resource_defaults.endpoint.data_selector',
      'resource_defaults.endpoint.paginator.next_url_path',
      'resource_defaults.endpoint.incremental.cursor_path',
      'resource_defaults.include_from_parent[0]',
    ]);
  });
});
