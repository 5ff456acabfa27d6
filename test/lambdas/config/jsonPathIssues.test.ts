import { validateSource } from '../../../lambdas/config/validateSource';
import { issuesOf } from './support/issuesOf';

const BAD = 'data[abc]';

function definition(resource: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'acme',
    client: { base_url: 'https://api.acme.test/v1/' },
    resources: [{ name: 'issues', endpoint: 'issues' }, resource],
    ...extra,
  };
}


describe('jsonPathIssues (through validateSource)', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ['data_selector', { name: 'x', endpoint: { data_selector: BAD } }, {}, 'resources[1].endpoint.data_selector'],
    ['next_url_path', { name: 'x', endpoint: { paginator: { type: 'json_link', next_url_path: BAD } } }, {}, 'resources[1].endpoint.paginator.next_url_path'],
    ['cursor_path', { name: 'x', endpoint: { paginator: { type: 'cursor', cursor_path: '$[' } } }, {}, 'resources[1].endpoint.paginator.cursor_path'],
    ['total_path', { name: 'x', endpoint: { paginator: { type: 'offset', limit: 5, total_path: '$..' } } }, {}, 'resources[1].endpoint.paginator.total_path'],
    ['has_more_path', { name: 'x', endpoint: { paginator: { type: 'page_number', has_more_path: BAD } } }, {}, 'resources[1].endpoint.paginator.has_more_path'],
    ['incremental.cursor_path', { name: 'x', endpoint: { incremental: { cursor_path: '$.x y' } } }, {}, 'resources[1].endpoint.incremental.cursor_path'],
    ['include_from_parent', { name: 'x', endpoint: 'issues/{resources.issues.id}/x', include_from_parent: [BAD] }, {}, 'resources[1].include_from_parent[0]'],
    ['a parent placeholder field', { name: 'x', endpoint: { path: 'issues/{resources.issues.data[abc]}/x' } }, {}, 'resources[1].endpoint'],
    ['client.paginator', { name: 'x' }, { client: { base_url: 'https://api.acme.test/v1/', paginator: { type: 'cursor', cursor_path: BAD } } }, 'client.paginator.cursor_path'],
    ['resource_defaults', { name: 'x' }, { resource_defaults: { endpoint: { data_selector: BAD } } }, 'resource_defaults.endpoint.data_selector'],
  ])('rejects a bad %s with its field path', (_label, resource, extra, path) => {
    const issues = issuesOf(definition(resource, extra));
    expect(issues).toEqual([{ path, message: expect.stringMatching(/is not a valid JSONPath \(RFC 9535\).*accepted: /) }]);
  });

  it('reports every bad path of a file together', () => {
    const resource = { name: 'x', endpoint: { data_selector: BAD, paginator: { type: 'cursor', cursor_path: BAD, has_more_path: BAD } } };
    expect(issuesOf(definition(resource)).map((i) => i.path)).toEqual([
      'resources[1].endpoint.data_selector',
      'resources[1].endpoint.paginator.cursor_path',
      'resources[1].endpoint.paginator.has_more_path',
    ]);
  });

  it('accepts the path forms the contract names', () => {
    const paths = ['data', '$.data', "$['@odata.nextLink']", 'many-results', 'a.b-c', '$.data[-1].id', '$.data[-1:].id', 'paging.next'];
    const resources = paths.map((path, i) => ({
      name: `r${i}`,
      endpoint: { data_selector: path, paginator: { type: 'cursor', cursor_path: path, has_more_path: path }, incremental: { cursor_path: path } },
    }));
    expect(() => validateSource({ name: 'acme', client: { base_url: 'https://api.acme.test/' }, resources })).not.toThrow();
  });
});
