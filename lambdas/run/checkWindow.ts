/**
 * A backfill window (`from`/`to`), checked before any request against the
 * cursor type of every incremental resource the run reads: declared by the
 * source, else stored with the committed state, else that of the committed
 * value. A bound of another type would be sent and compared for nothing.
 */
import type { Manifest } from '../commit/manifest';
import type { ResourceModel } from '../model';
import { CursorBoundError } from '../errors/CursorBoundError';
import { acceptedForms, cursorTypeOf, declaredCursorType, preview, readCursor } from '../incremental/CursorType';
import type { BackfillWindow } from '../incremental/IncrementalCursor';

/**
 * @throws CursorBoundError naming the resource, the bound and the accepted forms
 */
export function checkWindow(resources: readonly ResourceModel[], window: BackfillWindow | undefined, previous: Manifest | undefined): void {
  if (!window) return;
  for (const resource of resources) {
    const incremental = resource.endpoint.incremental;
    if (!incremental) continue;
    const state = previous?.resources[resource.name]?.state;
    const stored = state?.incremental ?? Object.values(state?.per_parent ?? {})[0];
    const type = declaredCursorType(incremental) ?? stored?.cursor_type ?? cursorTypeOf(stored?.last_value);
    for (const [field, value] of [['from', window.from], ['to', window.to]] as const) {
      if (value === undefined || value === null) continue;
      const fits = type ? readCursor(value, type, incremental) !== undefined : cursorTypeOf(value, incremental) !== undefined;
      if (!fits) throw new CursorBoundError(resource.name, field, preview(value), acceptedForms(type, incremental));
    }
  }
}
