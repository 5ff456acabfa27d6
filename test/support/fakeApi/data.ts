/**
 * The records the fake API serves: generated or given collections, the comments
 * derived from each parent, and the `since`/`until` window every style applies.
 */
import type { FakeRecord } from './types';

const EPOCH_MS = Date.UTC(2024, 0, 1);
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** An ISO 8601 timestamp without milliseconds, the way most APIs print them. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * Records 1..count: `{ id: i, name: '<stem>-i', updated_at: 2024-01-01T00:00:00Z + i hours, value: i * 10 }`,
 * where the stem is the collection name without one trailing "s" (`items` → `item-1`).
 */
export function generateRecords(collection: string, count: number): FakeRecord[] {
  const stem = collection.endsWith('s') ? collection.slice(0, -1) : collection;
  return Array.from({ length: count }, (_, k) => {
    const id = k + 1;
    return { id, name: `${stem}-${id}`, updated_at: isoAt(EPOCH_MS + id * HOUR_MS), value: id * 10 };
  });
}

/** The collections of one server, kept sorted by id. */
export class RecordStore {
  private readonly collections = new Map<string, FakeRecord[]>();

  constructor(
    initial: Readonly<Record<string, number | FakeRecord[]>>,
    private readonly childrenPerParent: number,
  ) {
    for (const [name, spec] of Object.entries(initial)) {
      this.set(name, typeof spec === 'number' ? generateRecords(name, spec) : spec);
    }
  }

  /** Replaces a collection with a sorted deep copy, so later edits by the test do not leak in. */
  set(collection: string, records: FakeRecord[]): void {
    this.collections.set(
      collection,
      structuredClone(records).sort((a, b) => a.id - b.id),
    );
  }

  /** The stored records (not a copy), or undefined for an unknown collection. */
  get(collection: string): FakeRecord[] | undefined {
    return this.collections.get(collection);
  }

  /**
   * The comments of one parent, or undefined when the parent does not exist:
   * `{ id: parentId * 1000 + k, parent_id, name: 'comment-<parentId>-k', body: 'comment k',
   * updated_at: parent's updated_at + k minutes }` for k = 1..childrenPerParent.
   */
  children(collection: string, parentId: number): FakeRecord[] | undefined {
    const parent = this.collections.get(collection)?.find((record) => record.id === parentId);
    if (!parent) return undefined;
    const parentMs = Date.parse(parent.updated_at);
    const base = Number.isNaN(parentMs) ? EPOCH_MS : parentMs;
    return Array.from({ length: this.childrenPerParent }, (_, i) => {
      const k = i + 1;
      return {
        id: parentId * 1000 + k,
        parent_id: parentId,
        name: `comment-${parentId}-${k}`,
        body: `comment ${k}`,
        updated_at: isoAt(base + k * MINUTE_MS),
      };
    });
  }
}

/** The incremental window: `since` inclusive, `until` exclusive, both epoch ms. */
export interface TimeWindow {
  readonly since?: number;
  readonly until?: number;
}

/** The records whose `updated_at` falls in the window (an unparseable `updated_at` never does). */
export function inWindow(records: readonly FakeRecord[], window: TimeWindow): FakeRecord[] {
  if (window.since === undefined && window.until === undefined) return [...records];
  return records.filter((record) => {
    const at = Date.parse(record.updated_at);
    return (window.since === undefined || at >= window.since) && (window.until === undefined || at < window.until);
  });
}
