/**
 * Validates a source definition and normalizes it, reporting every problem of
 * the file at once with its field path. The schema checks shapes, then
 * `normalizeSource` builds the model from its output (the only reader of it),
 * and the rules that span fields run on that model, each naming where the
 * value was written: auth blocks (types, `client_auth`, header names,
 * plaintext credentials), duplicate resource names, write hints, templates,
 * parent references, custom paginators (a registered factory checks its
 * block), JSONPaths, incremental bounds, the schedule and time zone, headers,
 * and credential params and body fields.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { ConfigValidationError } from '../errors/ConfigValidationError';
import type { SourceModel } from '../model';
import { scheduleProblems, validateTimezone } from '../schedule/validateSchedule';
import { authIssues } from './authIssues';
import { customPaginatorIssues } from './customPaginatorIssues';
import { inDeclarationOrder } from './declarationOrder';
import { destinationHintIssues, replaceIncrementalIssues } from './destinationHints';
import { dltFormIssues, isAtOrBelow } from './dltFormIssues';
import { formatIssues } from './formatIssues';
import { headerIssues } from './headerIssues';
import { incrementalIssues } from './incrementalIssues';
import { jsonPathIssues } from './jsonPathIssues';
import { nestingIssue } from './nestingIssue';
import { normalizeSource } from './normalizeSource';
import { parentIssues } from './parentIssues';
import { plaintextParamIssues } from './plaintextParamIssues';
import { resourceNameIssues } from './resourceNameIssues';
import { SourceSchema } from './schema';
import type { SourceDefinition } from './schema';
import { templateIssues } from './templateIssues';
import { writeHintIssues } from './writeHintIssues';

/** Options of {@link validateSource}. */
export interface ValidateOptions {
  /** The file the definition came from, named in every error. */
  readonly file?: string;
  /** Require `schedule` (deployment); local runs do not. Default false. */
  readonly requireSchedule?: boolean;
  /** Turn the warnings (dlt's destination-only hints, `merge_key` without `merge`, `replace` over an incremental cursor) into errors. Default false. */
  readonly strict?: boolean;
}

/**
 * Validates and normalizes a source definition.
 * @throws ConfigValidationError listing every problem with its field path.
 */
export function validateSource(input: unknown, options: ValidateOptions = {}): SourceModel {
  const tooDeep = nestingIssue(input);
  if (tooDeep) throw new ConfigValidationError(options.file, [tooDeep]);
  const { issues: forms, functions, rest } = dltFormIssues(input);
  const result = SourceSchema.safeParse(rest, { reportInput: true });
  if (!result.success) {
    // A dlt form sluice refuses says so once, instead of the schema's "expected …" at the same field.
    const rest = formatIssues(result.error.issues, { schema: SourceSchema }).filter((i) => !forms.some((f) => isAtOrBelow(i.path, f.path)));
    throw new ConfigValidationError(options.file, [...forms, ...rest]);
  }
  if (forms.length > 0 || functions.length > 0) throw new ConfigValidationError(options.file, [...forms, ...functions]);
  // The one parse step: the model is built from any schema-valid input, collecting what it cannot bind, and the rules run on it.
  const normalizing: ConfigIssue[] = [];
  const model = normalizeSource(result.data, normalizing);
  const issues = [...crossFieldIssues(model, normalizing, options), ...(options.strict ? [...destinationHintIssues(input), ...replaceIncrementalIssues(model)] : [])];
  if (issues.length > 0) throw new ConfigValidationError(options.file, issues);
  return model;
}

function once(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(`${i.path}\n${i.message}`) && seen.add(`${i.path}\n${i.message}`));
}

/** Type helper for TypeScript sources: `export default defineSource({ ... })` gets completion and checking. */
export function defineSource(definition: SourceDefinition): SourceDefinition {
  return definition;
}

function crossFieldIssues(model: SourceModel, normalizing: readonly ConfigIssue[], options: ValidateOptions): ConfigIssue[] {
  const resources = inDeclarationOrder(model);
  const issues: ConfigIssue[] = [
    ...authIssues(resources, model.allowPlaintextSecrets),
    ...resourceNameIssues(resources),
    ...writeHintIssues(resources),
    // A problem of a param every resource inherits is found once per resource, and said once.
    ...once(normalizing),
    ...templateIssues(resources),
    ...parentIssues(resources),
    ...customPaginatorIssues(resources),
    ...jsonPathIssues(resources),
    ...incrementalIssues(resources),
  ];
  if (model.schedule !== undefined) {
    for (const problem of scheduleProblems(model.schedule)) issues.push({ path: 'schedule', message: problem });
  } else if (options.requireSchedule) {
    issues.push({ path: 'schedule', message: 'required to deploy: an EventBridge Scheduler expression such as "rate(1 hour)" or "cron(0 2 * * ? *)"' });
  }
  // The default (UTC) is a zone; a written one may not be.
  const problem = validateTimezone(model.timezone);
  if (problem) issues.push({ path: 'timezone', message: problem });
  issues.push(...headerIssues(resources, model.allowPlaintextSecrets));
  if (!model.allowPlaintextSecrets) issues.push(...plaintextParamIssues(resources));
  return issues;
}
