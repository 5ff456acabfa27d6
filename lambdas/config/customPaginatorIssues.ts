/**
 * The cross-field rules of custom paginators: a `type` that is not built in
 * must be registered with `registerPaginator`, and a registered type's block
 * must satisfy its factory. The factory is called here, once per block as
 * declared, so that a bad option is reported with its field path at
 * validation (`sluice validate`, `cdk synth`) instead of failing a run.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { ConfigValidationError } from '../errors/ConfigValidationError';
import type { PaginatorModel, ResourceModel } from '../model';
import { registeredPaginator, unknownPaginatorMessage } from '../paginators/registry';
import { onceInFileOrder } from './declarationOrder';

/** Every paginator block the file holds, once, in the order it reads: the ones resources run and the ones they override. */
export function paginatorBlocks(resources: readonly ResourceModel[]): PaginatorModel[] {
  return onceInFileOrder(resources.flatMap((r) => [r.endpoint.paginator, ...r.endpoint.written.overriddenPaginators]));
}

/**
 * The problems of the custom paginator blocks of a source, each with its field path.
 * @param resources the model's resources.
 */
export function customPaginatorIssues(resources: readonly ResourceModel[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const shorthands = new Set(resources.flatMap((r) => r.endpoint.written.paginatorShorthands));
  for (const block of paginatorBlocks(resources)) {
    if (block.type !== 'custom') continue;
    const { at, name, config } = block;
    const factory = registeredPaginator(name);
    if (!factory) {
      issues.push({ path: shorthands.has(at) ? at : `${at}.type`, message: unknownPaginatorMessage(name) });
      continue;
    }
    try {
      factory({ ...config }, { configPath: at });
    } catch (error) {
      if (error instanceof ConfigValidationError) issues.push(...error.issues);
      else issues.push({ path: at, message: `the "${name}" paginator refused this block: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return issues;
}
