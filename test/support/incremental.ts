/**
 * An `incremental` block as the engine runs it, from the keys a source writes:
 * normalized through validateSource, so tests never spell out the model.
 */
import type { IncrementalModel } from '../../lambdas/model';
import { validateSource } from '../../lambdas/config/validateSource';

/** `incremental` (snake_case keys as in a source file) normalized with every default. */
export function incrementalOf(incremental: Record<string, unknown>): IncrementalModel {
  const source = validateSource({ name: 't', client: { base_url: 'http://127.0.0.1:1' }, resources: [{ name: 'r', endpoint: { path: 'r', incremental } }] });
  const model = source.resources[0].endpoint.incremental;
  if (!model) throw new Error('no incremental');
  return model;
}
