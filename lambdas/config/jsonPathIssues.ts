/**
 * Compiles every JSONPath of a source at validation — `data_selector`, the
 * paginators' `next_url_path` / `cursor_path` / `total_path` / `has_more_path`,
 * `incremental.cursor_path`, `include_from_parent` and the parent fields of
 * `{resources.<parent>.<field>}` placeholders — so that a bad path fails
 * `validate` with its field path instead of a run halfway through.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { JsonPathError } from '../errors/JsonPathError';
import { compileJsonPath } from '../selectors/jsonPath';
import { placeholdersIn } from './placeholders';
import type { EndpointConfig, PaginatorConfig, SourceSchema } from './schema';
import type { z } from 'zod';

type Parsed = z.output<typeof SourceSchema>;

const PAGINATOR_PATH_FIELDS = ['next_url_path', 'cursor_path', 'total_path', 'has_more_path'] as const;
const ACCEPTED = 'accepted: a key path such as "paging.next", or RFC 9535 JSONPath such as "$.data[-1].id" or "$[\'@odata.nextLink\']"';

/** The problem with one path, or undefined when it compiles. */
function problem(value: string): string | undefined {
  try {
    compileJsonPath(value);
    return undefined;
  } catch (error) {
    if (error instanceof JsonPathError) return `${error.message}; ${ACCEPTED}`;
    throw error;
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Every JSONPath of `source` that does not compile, each with its field path. */
export function jsonPathIssues(source: Parsed): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const check = (path: string, value: unknown): void => {
    if (typeof value !== 'string') return;
    const message = problem(value);
    if (message) issues.push({ path, message });
  };
  const paginator = (path: string, config: PaginatorConfig | undefined): void => {
    if (!config || typeof config === 'string') return;
    const fields = config as Record<string, unknown>;
    for (const field of PAGINATOR_PATH_FIELDS) check(`${path}.${field}`, fields[field]);
  };
  const endpoint = (path: string, config: Partial<EndpointConfig> | string | undefined): void => {
    const templated = typeof config === 'string' ? [config] : strings([config?.path, config?.params, config?.json, config?.headers]);
    for (const placeholder of templated.flatMap(placeholdersIn)) {
      if (placeholder.kind !== 'parent') continue;
      const message = problem(placeholder.field);
      if (message) issues.push({ path, message: `placeholder ${placeholder.text}: ${message}` });
    }
    if (!config || typeof config === 'string') return;
    check(`${path}.data_selector`, config.data_selector);
    paginator(`${path}.paginator`, config.paginator);
    check(`${path}.incremental.cursor_path`, config.incremental?.cursor_path);
  };

  paginator('client.paginator', source.client.paginator);
  endpoint('resource_defaults.endpoint', source.resource_defaults?.endpoint);
  source.resource_defaults?.include_from_parent?.forEach((field, j) => check(`resource_defaults.include_from_parent[${j}]`, field));
  source.resources.forEach((resource, i) => {
    if (typeof resource === 'string') return;
    endpoint(`resources[${i}].endpoint`, resource.endpoint);
    resource.include_from_parent?.forEach((field, j) => check(`resources[${i}].include_from_parent[${j}]`, field));
  });
  return issues;
}
