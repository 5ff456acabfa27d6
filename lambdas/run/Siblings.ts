/**
 * Tasks that run beside one another and stop as one: the chains of a
 * parallelized child, the resources of a parallelized stage. When one pauses
 * (its invocation is running out, or a retry would wait past the deadline) the
 * others stop after the page they are on, so the invocation ends as a whole;
 * when one fails, the others are cancelled and the first error is the group's.
 */

/** What each task of a group is given. */
export interface StopControl {
  /** True once the task should stop after the page it is on. */
  readonly shouldPause: () => boolean;
  /** Aborted when another task of the group failed (and when the run is cancelled). */
  readonly signal: AbortSignal;
}

/** One group of sibling tasks. */
export class Siblings {
  private readonly cancel = new AbortController();
  private failure: { error: unknown } | undefined;
  private pausing = false;
  /** Given to every task of the group. */
  readonly control: StopControl;

  /**
   * @param shouldPause the invocation's own pause predicate
   * @param signal the run's cancellation, if any
   */
  constructor(shouldPause: () => boolean, signal?: AbortSignal) {
    this.control = {
      shouldPause: () => this.stopping || shouldPause(),
      signal: signal ? AbortSignal.any([signal, this.cancel.signal]) : this.cancel.signal,
    };
  }

  /** True once a task paused or failed: start no further task. */
  get stopping(): boolean {
    return this.pausing || this.failure !== undefined;
  }

  /** A task paused: the others stop after their page. */
  paused(): void {
    this.pausing = true;
  }

  /** A task failed: the first error is kept and the others are cancelled. */
  failed(error: unknown): void {
    if (this.failure) return;
    this.failure = { error };
    this.cancel.abort(error);
  }

  /** Throws the first error, once every task has settled. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
