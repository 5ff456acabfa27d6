/**
 * The sources ported from dlt's documented examples (sources/examples/dlt_*),
 * run through `sluice run` against the fake API with only `base_url` pointed
 * at it: the requests they send and the records they write follow dlt's
 * meaning of each form.
 */
import { readFileSync } from 'node:fs';
import type { FakeApi, FakeRecord } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { runDltSource, writeDltSource, writtenRecords } from './support/dltSource';
import { tempDir, writeJson } from './support/runCli';

const ISSUES: FakeRecord[] = [1, 2, 3].map((id) => ({ id, number: id, name: `issue-${id}`, updated_at: `2024-02-0${id}T00:00:00Z` }));

describe('sources ported from dlt', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { issues: ISSUES, posts: 3 }, childrenPerParent: 2 });
  });
  afterAll(() => api.close());
  beforeEach(() => api.clearLog());

  const example = (file: string, baseUrl: string): Record<string, unknown> => {
    const definition = JSON.parse(readFileSync(`sources/examples/${file}`, 'utf8')) as Record<string, unknown> & { client: Record<string, unknown> };
    delete definition.$schema;
    return { ...definition, client: { ...definition.client, base_url: baseUrl } };
  };
  const secrets = (name: string, key: string): string => writeJson(tempDir(), 'secrets.json', { [`/sluice/${name}/${key}`]: api.credentials.bearerToken });

  it('dlt_github.json: the incremental param goes out as since, the comments follow each issue number, and the next run starts at the last value', async () => {
    const source = writeDltSource(example('dlt_github.json', `${api.baseUrl}/bearer/link-header/`));
    const args = ['--secrets-file', secrets('dlt-github', 'github_token')];
    const first = await runDltSource(source, args);
    expect(first.summary).toMatchObject({ status: 'succeeded', resources: { issues: { records: 3 }, issue_comments: { records: 6 } } });
    const issues = api.requests.filter((r) => r.path === '/bearer/link-header/issues');
    expect(issues.map((r) => r.query)).toEqual([{ sort: 'updated', direction: 'desc', state: 'open', since: '2024-01-25T11:21:28Z', per_page: '100' }]);
    expect(api.requests.filter((r) => r.path.endsWith('/comments')).map((r) => [r.path, r.query])).toEqual(
      [1, 2, 3].map((n) => [`/bearer/link-header/issues/${n}/comments`, { per_page: '100' }]),
    );
    expect(api.requests.every((r) => r.headers.authorization === `Bearer ${api.credentials.bearerToken}`)).toBe(true);
    expect(writtenRecords(source, 'issue_comments')[0]).toMatchObject({ id: 1001, _issues_id: 1 });

    api.clearLog();
    await runDltSource(source, args);
    expect(api.requests[0].query.since).toBe('2024-02-03T00:00:00Z');
  });

  it('dlt_blog.json: a token alone is bearer, the JSON link is followed, and comments are read per post', async () => {
    const source = writeDltSource(example('dlt_blog.json', `${api.baseUrl}/bearer/json-link/`));
    const run = await runDltSource(source, ['--secrets-file', secrets('dlt-blog', 'your_api_token')]);
    expect(run.summary).toMatchObject({ status: 'succeeded', resources: { posts: { records: 3 }, comments: { records: 6 } } });
    expect(api.requests.filter((r) => r.path.endsWith('/comments')).map((r) => [r.path, r.query.sort])).toEqual([1, 2, 3].map((id) => [`/bearer/json-link/posts/${id}/comments`, 'created_at']));
  });
});
