/**
 * The Lambda handler of one source definition. `createHandler` runs at module
 * scope (init): it validates the bundled definition once (a ConfigValidationError
 * at init when invalid) and returns the handler of {@link createSourceHandler}.
 * A deployed JSON source is validated at synth instead and its entry calls
 * `createSourceHandler` directly (see `lib/handlerEntry.ts`).
 *
 * @example
 * // the bundled entry of a function
 * import definition from '../sources/acme.json';
 * export const handler = createHandler(definition);
 */
import { validateSource } from './config/validateSource';
import { forLambdaResponse } from './errors/lambdaErrorType';
import { SsmSecretStore } from './secrets/SsmSecretStore';
import type { HandlerDeps, SluiceHandler } from './sourceHandler';
import { createSourceHandler } from './sourceHandler';

export type { HandlerDeps, LambdaContextLike, SluiceHandler } from './sourceHandler';
export { createSourceHandler } from './sourceHandler';

/**
 * Validates `definition` (throws ConfigValidationError at init when invalid) and
 * returns the handler. Its secrets are read from SSM unless `deps.secrets` says
 * otherwise: what a TypeScript source references is known only once it has run.
 */
export function createHandler(definition: unknown, deps: Partial<HandlerDeps> = {}): SluiceHandler {
  let source: ReturnType<typeof validateSource>;
  try {
    source = validateSource(definition, { file: 'bundled source definition' });
  } catch (error) {
    throw forLambdaResponse(error);
  }
  return createSourceHandler(source, { ...deps, secrets: deps.secrets ?? new SsmSecretStore({ ttlSeconds: source.run.secretsTtlSeconds }) });
}
