/**
 * A child resource runs once per record of its parent. The parent's records are
 * read back from the parent's own part files of this run (or its scratch files
 * under `_work/` when the parent is not written), so children need no memory of
 * them and a continuation resumes at a (file, line) position.
 */
import type { ParentPosition } from '../commit/checkpoint';
import type { ObjectStore } from '../sink/ObjectStore';
import type { FileEntry } from '../sink/ResourceWriter';
import { readJsonLines } from '../commit/readJsonLines';

/** One parent record and where it is. */
export interface ParentRecord {
  record: Record<string, unknown>;
  /** Where this record is. */
  at: ParentPosition;
  /** Where the record after it is. */
  next: ParentPosition;
}

/** Yields the parent's records from `from` (inclusive) onward, in file order. */
export async function* parentRecords(store: ObjectStore, files: readonly FileEntry[], from: ParentPosition = { file: 0, line: 0 }): AsyncGenerator<ParentRecord> {
  for (let file = from.file; file < files.length; file++) {
    let line = 0;
    for await (const record of readJsonLines(store, files[file].key)) {
      if (file === from.file && line < from.line) {
        line++;
        continue;
      }
      const at = { file, line };
      line++;
      yield { record: (record ?? {}) as Record<string, unknown>, at, next: { file, line } };
    }
  }
}
