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
import { declaredStrings, levelOf } from './declaredStrings';
import type { DeclaredValue } from './declaredValues';
import { declaredValues } from './declaredValues';
import { INCREMENTAL_VALUES, parsePlaceholder, parseTemplate, placeholdersIn, templateStrings } from './placeholders';

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
 * Every template problem of a source, on its model: each value checked once,
 * where it was declared (`client.headers.X`, `resource_defaults.endpoint.params.q`,
 * `resources[i].endpoint.json.a`), whether a resource sends it or overrides it;
 * the client's and the defaults' first, then each resource's own, followed by
 * its incremental placeholders. A param dlt binds (a `resolve` or
 * `incremental` param, or a static value the path takes, escaped) is not a
 * template, and is not checked as one.
 * @param resources the model's resources, in declaration order.
 */
export function templateIssues(resources: readonly ResourceModel[]): ConfigIssue[] {
  const values = declaredValues(resources, TEMPLATED);
  const issuesOf = (v: DeclaredValue): ConfigIssue[] => stringIssues(v.value, v.at);
  const issues: ConfigIssue[] = values.filter((v) => levelOf(v.at) > 0).flatMap(issuesOf);
  for (const resource of resources) {
    issues.push(...values.filter((v) => levelOf(v.at) === 0 && v.at.startsWith(`${resource.at}.`)).flatMap(issuesOf));
    const { endpoint } = resource;
    const incremental = declaredStrings(endpoint).flatMap((t) => placeholdersIn(t.text)).find((p) => p.kind === 'incremental');
    if (incremental && !endpoint.incremental) {
      issues.push({
        path: `${resource.at}.endpoint`,
        message: `placeholder ${incremental.text} needs an incremental: declare endpoint.incremental or an incremental param`,
      });
    }
  }
  return issues;
}
