/**
 * dlt's `rest_api_pipeline.py` template (`dlt init rest_api …`), its
 * `github_source`, ported to a TypeScript source: the same config, with
 * `dlt.secrets.value` replaced by a secret reference. TypeScript keeps the
 * template's computed start, `pendulum.today().subtract(days=30)`.
 */
import { defineSource } from '../../lambdas/config/validateSource';
import { secret } from '../../lambdas/secrets/SecretRef';

const DAY_MS = 86_400_000;
const today = new Date();
today.setUTCHours(0, 0, 0, 0);

export default defineSource({
  name: 'dlt-github-template',
  schedule: 'rate(1 day)',
  client: {
    base_url: 'https://api.github.com/repos/dlt-hub/dlt/',
    auth: { type: 'bearer', token: secret('access_token') },
  },
  // The default configuration for all resources and their endpoints
  resource_defaults: {
    primary_key: 'id',
    write_disposition: 'merge',
    endpoint: { params: { per_page: 100 } },
  },
  resources: [
    {
      name: 'issues',
      endpoint: {
        path: 'issues',
        params: {
          sort: 'updated',
          direction: 'desc',
          state: 'open',
          since: '{incremental.start_value}',
        },
        incremental: {
          cursor_path: 'updated_at',
          initial_value: new Date(today.getTime() - 30 * DAY_MS).toISOString(),
        },
      },
    },
    {
      name: 'issue_comments',
      endpoint: { path: 'issues/{resources.issues.number}/comments' },
      // Include data from `id` field of the parent resource as `_issues_id`
      include_from_parent: ['id'],
    },
  ],
});
