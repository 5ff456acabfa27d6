/**
 * A timer that an abort signal ends early, with the signal's reason: a chain
 * stopped on an error (or a run aborted) does not sit out a retry wait or a
 * source-wide pause first.
 */

/** Waits `ms`, or rejects with `signal.reason` as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
