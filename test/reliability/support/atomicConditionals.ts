/**
 * S3's conditional writes are atomic: of two `If-None-Match: *` (or `If-Match`)
 * writes racing for one key, exactly one wins. moto's server checks the
 * condition and stores the object in two steps, so two writes landing in the
 * same instant can both win there (about one race in three in CI). This store
 * gives the moto-backed store S3's atomicity back by letting one conditional
 * write at a time through; every other call, and the race up to the write,
 * stays concurrent.
 */
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';

/** `store` with its conditional writes made one-at-a-time, as S3 decides them. */
export function atomicConditionals<T extends ObjectStore>(store: T): T {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <R>(write: () => Promise<R>): Promise<R> => {
    const result = queue.then(write, write);
    queue = result.catch(() => undefined);
    return result;
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (property === 'putIfAbsent' || property === 'putIfTag') return (...args: unknown[]) => serial(() => method(...args) as Promise<unknown>);
      return method;
    },
  });
}
