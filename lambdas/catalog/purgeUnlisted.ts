/**
 * Clears a committed run's data folder of every object its manifest does not
 * list, before the folder becomes a Glue partition.
 *
 * A partition is a prefix, and Athena reads every object under it, while the
 * committed view is exactly the files the commit lists. A run folder can hold
 * more: a part a crashed invocation completed after its run's last checkpoint
 * (the retried continuation starts again from the checkpoint's part number and
 * may stop short of it), a part completed by an earlier delivery of the same
 * continuation, or any part another delivery of the same run wrote under its
 * run id without committing it. None of them is listed, none ever will be (the run's seq
 * is committed and a commit is never rewritten), so deleting them changes
 * nothing the commit says; a listed file is never deleted.
 */
import { dataPrefix } from '../commit/layout';
import type { Manifest } from '../commit/manifest';
import type { Logger } from '../observability/Logger';
import type { ObjectStore } from '../sink/ObjectStore';
import { deleteKeys } from '../sink/ObjectStore';

/** Which run folder to clear. */
export interface RunFolder {
  readonly store: ObjectStore;
  readonly prefix: string;
  /** The committed manifest of the run. */
  readonly run: Manifest;
  readonly resource: string;
  readonly tableName: string;
  readonly logger: Logger;
}

/**
 * Deletes the objects under the run's folder of a resource that no file entry
 * of the manifest names.
 * @returns the keys deleted
 */
export async function purgeUnlisted(folder: RunFolder): Promise<string[]> {
  const { store, run, logger } = folder;
  const dir = dataPrefix(folder.prefix, run.source, folder.tableName, new Date(run.started_at), run.run_id);
  // Every file of the manifest, whatever resource lists it: a listed file is never deleted.
  const listed = new Set(Object.values(run.resources).flatMap((r) => r.files.map((f) => f.key)));
  const own = run.resources[folder.resource]?.files ?? [];
  if (own.some((f) => !f.key.startsWith(dir))) {
    // Not the layout this engine writes (an older or hand-made manifest): whether an object here is an orphan is unknown.
    logger.warn('catalog: the run folder was not checked for unlisted files, as its manifest lists files outside it', { run_id: run.run_id, resource: folder.resource, folder: dir });
    return [];
  }
  const unlisted = (await store.list(dir)).filter((key) => key.startsWith(dir) && !listed.has(key));
  // One request per 1000 keys on S3: a folder a crashed run left full of parts is cleared in a few calls.
  await deleteKeys(store, unlisted);
  if (unlisted.length > 0) logger.warn('catalog: deleted part files the commit does not list from the run folder before registering it', { run_id: run.run_id, resource: folder.resource, keys: unlisted });
  return unlisted;
}
