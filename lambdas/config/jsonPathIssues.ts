/**
 * Compiles every JSONPath of a source at validation — `data_selector`, the
 * paginators' `next_url_path` / `cursor_path` / `total_path` / `has_more_path`,
 * `incremental.cursor_path`, `include_from_parent` and the parent fields of
 * `{resources.<parent>.<field>}` placeholders (and of dlt's `resolve` params) —
 * so that a bad path fails `validate` with its field path instead of a run
 * halfway through. It runs on the model, over every block the file holds: the
 * ones resources run and the ones they override.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { JsonPathError } from '../errors/JsonPathError';
import type { PaginatorModel, ResourceModel } from '../model';
import { compileJsonPath } from '../selectors/jsonPath';
import { paginatorBlocks } from './customPaginatorIssues';
import { compareInFileOrder, onceInFileOrder } from './declarationOrder';
import { declaredStrings, levelOf } from './declaredStrings';
import { placeholdersIn, templateStrings } from './placeholders';

/** The JSONPath fields of a paginator block, as the file names them and as the model does. */
const PAGINATOR_PATH_FIELDS = [
  ['next_url_path', 'nextUrlPath'],
  ['cursor_path', 'cursorPath'],
  ['total_path', 'totalPath'],
  ['has_more_path', 'hasMorePath'],
] as const;
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

/** The value of a paginator's JSONPath field: the model's for a built-in type, the block's as written for a registered one. */
function paginatorPath(block: PaginatorModel, written: string, model: string): unknown {
  return block.type === 'custom' ? block.config[written] : (block as unknown as Record<string, unknown>)[model];
}

/** Where a placeholder's problem is reported: the endpoint block it is written in (`resources[i].endpoint`, `resource_defaults.endpoint`), or a client header. */
function endpointOf(at: string, resource: ResourceModel): string {
  const level = levelOf(at);
  return level === 0 ? `${resource.at}.endpoint` : level === 1 ? 'resource_defaults.endpoint' : at;
}

/** What is checked, in the order the file reads it within one level. */
const Kind = { Placeholder: 0, Selector: 1, Paginator: 2, Incremental: 3, IncludeFromParent: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/**
 * Every JSONPath of a source that does not compile, each with its field path, in the order the file reads.
 * @param resources the model's resources in declaration order.
 */
export function jsonPathIssues(resources: readonly ResourceModel[]): ConfigIssue[] {
  const found: Array<{ kind: Kind; issue: ConfigIssue }> = [];
  const seen = new Set<string>();
  // Each value once where it is declared (a block every resource inherits is one), each problem of it said.
  const add = (kind: Kind, key: string, path: string, message: string | undefined): void => {
    if (message === undefined || seen.has(key)) return;
    seen.add(key);
    found.push({ kind, issue: { path, message } });
  };
  const check = (kind: Kind, path: string, value: unknown): void => {
    if (typeof value === 'string') add(kind, path, path, problem(value));
  };

  for (const resource of resources) {
    const { endpoint } = resource;
    // What the endpoint sends, and what a more specific level replaced: a placeholder in the file either way.
    const overridden = endpoint.declared.overridden.flatMap((o) => templateStrings(o.value, o.at));
    for (const { at, text } of [...declaredStrings(endpoint), ...overridden]) {
      for (const placeholder of placeholdersIn(text)) {
        if (placeholder.kind !== 'parent') continue;
        const message = problem(placeholder.field);
        if (message) add(Kind.Placeholder, `${at}\n${placeholder.text}`, endpointOf(at, resource), `placeholder ${placeholder.text}: ${message}`);
      }
    }
  }
  for (const selector of onceInFileOrder(resources.flatMap((r) => [r.endpoint.selector, ...r.endpoint.written.overriddenSelectors]))) {
    if (selector.kind === 'path') check(Kind.Selector, selector.at, selector.path);
  }
  for (const block of paginatorBlocks(resources)) {
    for (const [written, model] of PAGINATOR_PATH_FIELDS) check(Kind.Paginator, `${block.at}.${written}`, paginatorPath(block, written, model));
  }
  for (const incremental of onceInFileOrder(resources.flatMap((r) => [r.endpoint.incremental, ...r.endpoint.written.overriddenIncrementals]))) {
    check(Kind.Incremental, `${incremental.at}.cursor_path`, incremental.cursorPath);
  }
  for (const list of onceInFileOrder(resources.flatMap((r) => r.declaredIncludeFromParent))) {
    list.fields.forEach((field, j) => check(Kind.IncludeFromParent, `${list.at}[${j}]`, field));
  }
  // Stable: within one level and kind, as found.
  return found.sort((a, b) => compareInFileOrder(a.issue.path, b.issue.path) || a.kind - b.kind).map((f) => f.issue);
}
