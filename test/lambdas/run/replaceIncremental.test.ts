/**
 * `replace` with an incremental cursor: each run replaces the table with what
 * it read since the committed cursor, so the view is that window. The records
 * at the cursor that the previous run wrote are in the window and must be in
 * the view: dropping them as already written (what keeps `append` free of
 * doubles) would leave them in a run the view no longer shows.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCommittedView, readTable } from '../../../lambdas/commit/readCommittedView';
import { validateSource } from '../../../lambdas/config/validateSource';
import { runSource } from '../../../lambdas/run/runSource';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { makeItems, startItemsApi } from './runSource.fixtures';
import type { ItemsApi } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

let api: ItemsApi;
beforeEach(async () => {
  api = await startItemsApi();
});
afterEach(() => api.close());

describe('replace with an incremental cursor', () => {
  it('shows the records of the latest run, the ones at the committed cursor included', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'sluice-replace-incr-')));
    const source = validateSource({
      name: 'snap',
      client: { base_url: api.url, paginator: { type: 'offset', limit: 2 } },
      resources: [
        {
          name: 'items',
          primary_key: 'id',
          write_disposition: 'replace',
          endpoint: { path: 'items', data_selector: 'data', params: { since: '{incremental.start_value}' }, incremental: { cursor_path: 'updated_at' } },
        },
      ],
    });
    const view = async (): Promise<number[]> => {
      const table = (await readCommittedView(store, '', 'snap')).tables.find((t) => t.resource === 'items');
      return table ? (await readTable(store, table)).map((r) => (r as { id: number }).id).sort((a, b) => a - b) : [];
    };
    api.items = makeItems(3);
    await runSource({ source, store, secrets: noSecrets(), trigger: 'manual' });
    expect(await view()).toEqual([1, 2, 3]);
    // The API answers `since` inclusively: item 3, at the cursor, comes back with the new item 4.
    api.items = makeItems(4);
    await runSource({ source, store, secrets: noSecrets(), trigger: 'manual' });
    expect(api.requests.at(-1)?.query.since).toBe(makeItems(3)[2].updated_at);
    expect(await view()).toEqual([3, 4]);
    // Nothing new: the view is what is at the cursor, never empty because it was written before.
    await runSource({ source, store, secrets: noSecrets(), trigger: 'manual' });
    expect(await view()).toEqual([4]);
  });
});
