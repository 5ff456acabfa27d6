import { SluiceError } from './SluiceError';

/** Which stored run object is unreadable. */
export type StoredObjectType = 'manifest' | 'commit' | 'checkpoint' | 'state pointer' | 'lease';

/**
 * A manifest, checkpoint or state pointer in the store is missing or does not
 * have the expected shape (hand-edited, or written by an incompatible version).
 * Names the key and each problem with its field path.
 */
export class ManifestError extends SluiceError {
  readonly code = 'manifest_invalid';
  readonly kind = 'run' as const;
  readonly hint =
    'Restore the object named above from a backup or delete it (a missing state pointer is rebuilt from the manifests); never edit manifests by hand.';

  constructor(
    readonly objectType: StoredObjectType,
    /** The object's key in the store. */
    readonly key: string,
    /** Each problem, e.g. `resources.users.files[0].sha256: expected string`. */
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${objectType} ${key} is not usable: ${problems.join('; ')}`, options);
  }
}
