/**
 * One history of runs that tells the three write dispositions apart, shared by
 * the reader's tests and those of `sluice query` / `sluice show`: a resource of
 * each disposition over the same changing API, five committed runs (one of
 * them a run of other resources only, one a state change) and a failed run in
 * between whose part files are in the store but must never be visible.
 */
import { validateSource } from '../../../lambdas/config/validateSource';
import type { SourceModel } from '../../../lambdas/model';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import { runSource } from '../../../lambdas/run/runSource';
import { changeState } from '../../../lambdas/run/stateChange';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';
import type { Item, ItemsApi } from '../run/runSource.fixtures';
import { noSecrets } from '../run/runSource.secrets';

/** The source: `appended`, `replaced` (table `current_items`) and `merged` (by `id`), each reading every item. */
export function dispositionSource(api: ItemsApi, extra: unknown[] = []): SourceModel {
  const items = { path: 'items', data_selector: 'data' };
  return validateSource({
    name: 'acme',
    client: { base_url: api.url, paginator: { type: 'offset', limit: 2 } },
    resources: [
      { name: 'appended', endpoint: items },
      { name: 'replaced', table_name: 'current_items', write_disposition: 'replace', endpoint: items },
      { name: 'merged', primary_key: 'id', write_disposition: { disposition: 'merge' }, endpoint: items },
      // Incremental, so that the state change below has a state to reset.
      { name: 'cursor', endpoint: { ...items, incremental: { cursor_path: 'updated_at', initial_value: '2026-01-01T00:00:00Z' } } },
      ...extra,
    ],
    // Run 4's two versions of item 5 land in two parts of `merged` (no part holds a key twice): the order across files counts.
    run: { part_max_records: 3 },
  });
}

/** An item updated at `minute` past 2026-01-01T00:00Z. */
export const item = (id: number, minute: number, title: string): Item => ({ id, updated_at: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), title });

/** What the committed view must be after the scenario, per table. */
export interface ExpectedView {
  readonly appended: Item[];
  readonly current_items: Item[];
  readonly merged: Item[];
  /** Records only the failed run wrote: never visible. */
  readonly failed: Item[];
}

/**
 * Runs the scenario into `store`.
 * 1. items 1–3; 2. item 2 changed, 3 gone, 4 new; 3. (fails after writing) a ghost item 99;
 * 4. `appended` and `merged` only: item 5 twice in one run (the second wins), item 1 changed;
 * 5. a state change (`"trigger": "state"`, no data). `replaced` still shows run 2.
 */
export async function runDispositionScenario(api: ItemsApi, store: ObjectStore, prefix = ''): Promise<ExpectedView> {
  const run = async (resources?: string[], source = dispositionSource(api)): Promise<void> => {
    await runSource({ source, store, prefix, secrets: noSecrets(), trigger: 'manual', ...(resources ? { resources } : {}) });
  };
  const run1 = [item(1, 1, 'one'), item(2, 2, 'two'), item(3, 3, 'three')];
  api.items = run1;
  await run();
  const run2 = [item(1, 1, 'one'), item(2, 4, 'two, edited'), item(4, 5, 'four')];
  api.items = run2;
  await run();

  const failed = [item(99, 6, 'ghost')];
  api.items = failed;
  const broken = dispositionSource(api, [{ name: 'broken', endpoint: { path: 'missing', data_selector: 'data' } }]);
  await expect(run(undefined, broken)).rejects.toBeInstanceOf(RunFailedError);

  const run4 = [item(1, 7, 'one, edited'), item(5, 8, 'five, first'), item(5, 8, 'five, second')];
  api.items = run4;
  await run(['appended', 'merged']);
  await changeState(store, prefix, dispositionSource(api), { reset: { resources: ['cursor'] } });

  return {
    appended: [...run1, ...run2, ...run4],
    current_items: run2,
    merged: [item(3, 3, 'three'), item(2, 4, 'two, edited'), item(4, 5, 'four'), item(1, 7, 'one, edited'), item(5, 8, 'five, second')],
    failed,
  };
}
