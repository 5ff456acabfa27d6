/**
 * Resolves a `<source>` argument (a path, or a name in the sources directory)
 * and loads it, validated.
 */
import { findSourceFile, loadSourceFile } from '../../lambdas/config/loadSource';
import type { LoadedSource } from '../../lambdas/config/loadSource';
import type { CliContext } from './Command';

/**
 * Loads the source a command names.
 * @throws ConfigValidationError when no such source exists or it is invalid
 */
export function loadSourceArg(nameOrPath: string, context: CliContext): LoadedSource {
  return loadSourceFile(findSourceFile(nameOrPath, context.sourcesDir));
}
