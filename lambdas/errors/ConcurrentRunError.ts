import { SluiceError } from './SluiceError';

/**
 * Another local run of the same source is writing to the same `--out`
 * directory. Two runs at once would both commit as the same `seq`, so the second
 * one stops before it requests anything.
 */
export class ConcurrentRunError extends SluiceError {
  readonly code = 'concurrent_run';
  readonly kind = 'input' as const;
  readonly hint =
    'Another run of this source is writing to the same place; wait for it to finish (a lock left by a process that died is taken over automatically).';

  constructor(
    readonly source: string,
    /** The `--out` directory. */
    readonly outDir: string,
    /** The lock file held by the other run. */
    readonly lockFile: string,
    /** What the lock file says about its holder, e.g. `pid 4242 on host a, since 2026-11-29T02:00:00.000Z`. */
    readonly holder: string,
  ) {
    super(
      `another sluice run of source "${source}" is writing to ${outDir} (${holder}); ` +
        `wait for it to finish, or delete ${lockFile} if that process is gone`,
    );
  }
}
