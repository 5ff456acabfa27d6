/**
 * Checks every template of a source (`params`, `json`, `data`, `headers`; `path` is
 * checked while binding dlt's params) against dlt's rules: `{{` / `}}` are
 * literal braces, and a placeholder is `{resources.<parent>.<field>}` or
 * `{incremental.initial_value|start_value|end_value|last_value}` on a resource
 * with an incremental. Anything else is an error here, never a literal `{…}`
 * sent to the API.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { preview } from './formatIssues';
import type { ResourceModel } from '../model';
import { declaredStrings } from './declaredStrings';
import { INCREMENTAL_VALUES, parsePlaceholder, parseTemplate, placeholdersIn, templateStrings } from './placeholders';
import type { SourceSchema } from './schema';
import type { z } from 'zod';

type Parsed = z.output<typeof SourceSchema>;

const TEMPLATED = ['params', 'json', 'data', 'headers'] as const;

function expressionIssue(expression: string): string | undefined {
  if (parsePlaceholder(expression)) return undefined;
  const shown = preview(`{${expression}}`);
  if (expression.startsWith('incremental.')) {
    return `unknown placeholder ${shown}; the incremental values are ${INCREMENTAL_VALUES.map((v) => `{incremental.${v}}`).join(', ')}`;
  }
  if (expression.startsWith('resources.')) return `placeholder ${shown} is not {resources.<parent>.<field>}`;
  return (
    `unknown placeholder ${shown}: placeholders are {resources.<parent>.<field>} and {incremental.<value>} ` +
    '(a dlt {name} binds only in path, from a param of that name); write {{ and }} for literal braces'
  );
}

function stringIssues(value: unknown, at: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const { at: path, text } of templateStrings(value, at)) {
    if (!text.includes('{') && !text.includes('}')) continue;
    const parsed = parseTemplate(text);
    if (!parsed.ok) {
      issues.push({ path, message: `not a valid template: ${parsed.error}` });
      continue;
    }
    for (const part of parsed.parts) {
      const message = part.kind === 'field' ? expressionIssue(part.expression) : undefined;
      if (message) issues.push({ path, message });
    }
  }
  return issues;
}

/**
 * Every template problem of a source.
 * @param resources the model's resources, in declaration order.
 */
export function templateIssues(source: Parsed, resources: readonly ResourceModel[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [...stringIssues(source.client.headers, 'client.headers')];
  const defaults = source.resource_defaults?.endpoint;
  for (const key of TEMPLATED) issues.push(...stringIssues(defaults?.[key], `resource_defaults.endpoint.${key}`));
  source.resources.forEach((r, i) => {
    const own = typeof r === 'object' && typeof r.endpoint === 'object' ? r.endpoint : undefined;
    for (const key of TEMPLATED) issues.push(...stringIssues(own?.[key], `resources[${i}].endpoint.${key}`));
    const { endpoint } = resources[i];
    const incremental = declaredStrings(endpoint).flatMap((t) => placeholdersIn(t.text)).find((p) => p.kind === 'incremental');
    if (incremental && !endpoint.incremental) {
      issues.push({
        path: `resources[${i}].endpoint`,
        message: `placeholder ${incremental.text} needs an incremental: declare endpoint.incremental or an incremental param`,
      });
    }
  });
  return issues;
}
