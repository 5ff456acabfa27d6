import { basename } from 'node:path';
import { listSourceFiles, loadSourceFile } from '../../lambdas/config/loadSource';

const files = listSourceFiles('sources/examples');

describe('sources/examples', () => {
  it('ships the four API shapes the docs promise', () => {
    expect(files.map((f) => basename(f)).sort()).toEqual(expect.arrayContaining(['github.json', 'guardian.json', 'spotify.json', 'stripe.json']));
  });

  it.each(files)('%s validates for deployment, with a schedule and secrets only as references', (file) => {
    const { source } = loadSourceFile(file, { requireSchedule: true });
    expect(source.schedule).toBeDefined();
    expect(source.allowPlaintextSecrets).toBe(false);
    expect(source.secrets.length).toBeGreaterThan(0);
  });

  it('declares Stripe-style pagination: starting_after the last id, has_more, the key as Basic username', () => {
    const { source } = loadSourceFile('sources/examples/stripe.json');
    const charges = source.resources.find((r) => r.name === 'charges');
    expect(charges?.endpoint.paginator).toEqual({
      type: 'cursor',
      at: 'client.paginator',
      cursorPath: '$.data[-1].id',
      cursorParam: 'starting_after',
      cursorBodyPath: undefined,
      stopAfterEmptyPage: false,
      hasMorePath: 'has_more',
    });
    // No password: the empty one, as Stripe expects.
    expect(charges?.endpoint.auth).toEqual({ type: 'http_basic', at: 'client.auth', username: { secret: 'secret_key' }, password: '' });
    expect(source.secrets.map((s) => s.parameter)).toEqual(['/sluice/stripe/secret_key']);
  });

  it('declares the GitHub source with Link-header pagination and a child resource', () => {
    const { source } = loadSourceFile('sources/examples/github.json');
    expect(source.resources.map((r) => [r.name, r.endpoint.paginator.type, r.parent?.resource])).toEqual([
      ['issues', 'header_link', undefined],
      ['issue_comments', 'header_link', 'issues'],
    ]);
  });

  it('declares OAuth2 client credentials and an API key in the query string', () => {
    expect(loadSourceFile('sources/examples/spotify.json').source.resources[0].endpoint.auth).toMatchObject({ type: 'oauth2_client_credentials' });
    expect(loadSourceFile('sources/examples/guardian.json').source.resources[0].endpoint.auth).toMatchObject({ type: 'api_key', location: 'query', name: 'api-key' });
  });

  it('ports dlt\'s documented examples with only the secret lookups changed, their dlt forms bound', () => {
    const github = loadSourceFile('sources/examples/dlt_github.json').source;
    const issues = github.resources.find((r) => r.name === 'issues');
    expect(issues?.endpoint.incremental).toMatchObject({ cursorPath: 'updated_at', startParam: 'since', initialValue: '2024-01-25T11:21:28Z' });
    expect(issues?.endpoint.params).toEqual({ per_page: 100, sort: 'updated', direction: 'desc', state: 'open' });
    expect(github.resources.find((r) => r.name === 'issue_comments')?.parent).toMatchObject({ resource: 'issues', fields: ['number'], includeFromParent: ['id'] });
    expect(loadSourceFile('sources/examples/dlt_blog.json').source.resources[0].endpoint.auth).toEqual({ type: 'bearer', at: 'client.auth', token: { secret: 'your_api_token' } });
    const template = loadSourceFile('sources/examples/dlt_github_template.ts').source;
    expect(template.resources[0].endpoint.params.since).toBe('{incremental.start_value}');
    expect(Date.parse(String(template.resources[0].endpoint.incremental?.initialValue))).toBeLessThan(Date.now() - 29 * 86_400_000);
  });
});
