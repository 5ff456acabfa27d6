import { SluiceError } from './SluiceError';

/** What the other run holds. */
export type ConcurrentRunConflict =
  /** It committed the seq this run was to commit as. */
  | { readonly kind: 'commit'; readonly winner: string; readonly seq: number }
  /** It holds the run lease of the source (a bucket). */
  | { readonly kind: 'lease'; readonly holder: string; readonly expiresAt: string }
  /** It holds the lock file of the source (a local `--out` directory). */
  | { readonly kind: 'lock'; readonly holder: string; readonly lockFile: string };

/**
 * Another run of the same source is writing to the same place. Storage lets
 * only one run commit each `seq`: the run that loses the commit writes no
 * succeeded manifest, and a run that finds the lease or lock held stops
 * before it requests anything.
 */
export class ConcurrentRunError extends SluiceError {
  readonly code = 'concurrent_run';
  readonly kind = 'run' as const;
  readonly hint =
    'Another run of this source ran at the same time; nothing of this run was committed. Run it again once the other one is done (a lease or lock left by a run that died is taken over once it expires or its process is gone).';

  constructor(
    readonly source: string,
    /** The bucket or `--out` directory. */
    readonly location: string,
    readonly conflict: ConcurrentRunConflict,
  ) {
    super(messageOf(source, location, conflict));
  }
}

function messageOf(source: string, location: string, conflict: ConcurrentRunConflict): string {
  switch (conflict.kind) {
    case 'commit':
      return `run ${conflict.winner} committed seq ${conflict.seq} of source "${source}" in ${location} first; this run committed nothing (its files are not part of the committed view)`;
    case 'lease':
      return `another sluice run of source "${source}" is writing to ${location}: ${conflict.holder} holds the run lease until ${conflict.expiresAt}`;
    case 'lock':
      return `another sluice run of source "${source}" is writing to ${location} (${conflict.holder}); wait for it to finish, or delete ${conflict.lockFile} if that process is gone`;
  }
}
