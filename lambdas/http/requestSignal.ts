/**
 * An abort signal for one request that follows a long-lived one (a resource
 * chain's). Handing the long-lived signal itself to ky and fetch leaves
 * something on it with every request, for as long as the chain runs:
 * `AbortSignal.any` adds each request's composite signal to its dependants,
 * and undici's `Request` adds an abort listener that goes only when the request
 * is garbage-collected and a finalizer has run (≈700 B per page, measured over
 * 600 pages). The one listener added here is removed when the request is done.
 */

/** A request's own signal, and the way to detach it from its parent. */
export interface RequestSignal {
  /** Aborted when the parent is; `undefined` when there is no parent. */
  readonly signal: AbortSignal | undefined;
  /** Detaches from the parent; call once the request (with its retries) is over. */
  release(): void;
}

/** A signal that follows `parent` until {@link RequestSignal.release}. */
export function requestSignal(parent: AbortSignal | undefined): RequestSignal {
  if (!parent) return { signal: undefined, release: () => undefined };
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, release: () => undefined };
  }
  const onAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, release: () => parent.removeEventListener('abort', onAbort) };
}
