/**
 * The cross-field rules of custom paginators: a `type` that is not built in
 * must be registered with `registerPaginator`, and a registered type's block
 * must satisfy its factory. The factory is called here, once per block as
 * declared, so that a bad option is reported with its field path at
 * validation (`sluice validate`, `cdk synth`) instead of failing a run.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { ConfigValidationError } from '../errors/ConfigValidationError';
import { registeredPaginator, unknownPaginatorMessage } from '../paginators/registry';
import { isBuiltInPaginatorType } from './paginatorTypes';
import type { PaginatorConfig, SourceSchema } from './schema';
import type { z } from 'zod';

type Parsed = z.output<typeof SourceSchema>;

/** Every paginator block of the source as written, with its path: client, resource defaults and each endpoint. */
function paginatorBlocks(source: Parsed): Array<{ at: string; config: PaginatorConfig }> {
  const blocks: Array<{ at: string; config: PaginatorConfig | undefined }> = [
    { at: 'client.paginator', config: source.client.paginator },
    { at: 'resource_defaults.endpoint.paginator', config: source.resource_defaults?.endpoint?.paginator },
    ...source.resources.map((r, i) => ({
      at: `resources[${i}].endpoint.paginator`,
      config: typeof r === 'object' && typeof r.endpoint === 'object' ? r.endpoint.paginator : undefined,
    })),
  ];
  return blocks.filter((b): b is { at: string; config: PaginatorConfig } => b.config !== undefined);
}

/** The problems of the custom paginator blocks of `source`, each with its field path. */
export function customPaginatorIssues(source: Parsed): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const { at, config } of paginatorBlocks(source)) {
    const block = typeof config === 'string' ? { type: config } : config;
    if (isBuiltInPaginatorType(block.type)) continue;
    const factory = registeredPaginator(block.type);
    if (!factory) {
      issues.push({ path: typeof config === 'string' ? at : `${at}.type`, message: unknownPaginatorMessage(block.type) });
      continue;
    }
    try {
      factory({ ...block }, { configPath: at });
    } catch (error) {
      if (error instanceof ConfigValidationError) issues.push(...error.issues);
      else issues.push({ path: at, message: `the "${block.type}" paginator refused this block: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return issues;
}
