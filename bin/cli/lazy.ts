/**
 * Loads a module when a command first needs it. `validate`, `list` and `help`
 * then start without the storage layer and the AWS SDK clients, which are the
 * bulk of the CLI's start-up time. (tsx's CommonJS mode does not support
 * `import()` of TypeScript files, hence `require`.)
 */

/** Requires `path` (relative to bin/cli/) typed as `T`. */
export function lazy<T>(load: () => unknown): () => T {
  let cached: T | undefined;
  return () => (cached ??= load() as T);
}
