/**
 * A source definition for the fake API, written to a temp dir with its secrets
 * file: `items` (json-link pages, incremental on `updated_at`) and their
 * `comments` (a child resource).
 */
import type { FakeApi } from '../../support/fakeApi';
import { tempDir, writeJson } from './runCli';

/** Paths of a written test source. */
export interface FakeSourceFiles {
  readonly dir: string;
  readonly source: string;
  readonly secrets: string;
}

/** Writes the test source (name `fake`) and a secrets file holding the bearer token. */
export function writeFakeSource(api: FakeApi, options: { retries?: number; maxDelayMs?: number; token?: string } = {}): FakeSourceFiles {
  const dir = tempDir('sluice-cli-src-');
  const source = writeJson(dir, 'fake.json', {
    name: 'fake',
    schedule: 'rate(1 hour)',
    client: {
      base_url: `${api.baseUrl}/bearer/json-link/`,
      auth: { type: 'bearer', token: { secret: 'token' } },
      paginator: { type: 'json_link', next_url_path: 'paging.next' },
      retries: { limit: options.retries ?? 0, max_delay_ms: options.maxDelayMs ?? 10 },
    },
    resource_defaults: { endpoint: { data_selector: 'data', params: { per_page: 10 } } },
    resources: [
      {
        name: 'items',
        primary_key: 'id',
        endpoint: { path: 'items', incremental: { cursor_path: 'updated_at', start_param: 'since', initial_value: '2000-01-01T00:00:00.000Z' } },
      },
      { name: 'comments', primary_key: 'id', include_from_parent: ['id'], endpoint: { path: 'items/{resources.items.id}/comments' } },
    ],
  });
  const secrets = writeJson(dir, 'secrets.json', { '/sluice/fake/token': options.token ?? api.credentials.bearerToken });
  return { dir, source, secrets };
}
