/**
 * The two sources of the SIGKILL test, shared by the parent test and the child
 * process it kills: an incremental one (a `since` cursor, so each run adds only
 * what is new) and a non-incremental one (each run is a full snapshot). Small
 * pages and part files, so a kill can land between any two writes.
 */
import type { SourceModel } from '../../../lambdas/model';
import { validateSource } from '../../../lambdas/config/validateSource';

/** Which source a child runs. */
export type KillSourceKind = 'incremental' | 'snapshot';

/** The environment variables the child reads. */
export const CHILD_ENV = Object.freeze({ api: 'SLUICE_KILL_API', out: 'SLUICE_KILL_OUT', kind: 'SLUICE_KILL_KIND' });

/** The line the child prints on stdout once it starts the run (imports done). */
export const STARTED_LINE = 'run started';

/** The source of `kind` against the fake API at `baseUrl`. */
export function killSource(kind: KillSourceKind, baseUrl: string): SourceModel {
  return validateSource({
    name: `kill-${kind}`,
    client: { base_url: baseUrl, retries: { limit: 3, max_delay_ms: 20 } },
    resources: [
      {
        name: 'items',
        primary_key: 'id',
        endpoint: {
          path: 'public/offset/items',
          data_selector: 'items',
          paginator: { type: 'offset', limit: 3, total_path: 'total' },
          ...(kind === 'incremental'
            ? { params: { since: '{incremental.start_value}' }, incremental: { cursor_path: 'updated_at', initial_value: '2023-01-01T00:00:00Z' } }
            : {}),
        },
      },
    ],
    run: { part_max_records: 4 },
  });
}
