/**
 * Validates a source definition and normalizes it, reporting every problem of
 * the file at once with its field path. The schema checks shapes; this file
 * adds the rules that span fields: plaintext credentials, custom auth and
 * paginator types (a registered paginator's factory checks its block),
 * duplicate resource names, parent references, schedule/time zone forms,
 * JSONPaths that do not compile and incremental bounds of no cursor type.
 */
import { registeredAuthTypes } from '../auth/registry';
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { ConfigValidationError } from '../errors/ConfigValidationError';
import { CREDENTIAL_AUTH_FIELDS } from '../secrets/credentialFields';
import { inDeclarationOrder } from './declarationOrder';
import { HEADER_NAME, HEADER_NAME_RULE } from './declaredValues';
import { headerIssues } from './headerIssues';
import { plaintextParamIssues } from './plaintextParamIssues';
import { customPaginatorIssues } from './customPaginatorIssues';
import { destinationHintIssues, replaceIncrementalIssues } from './destinationHints';
import { dltFormIssues, isAtOrBelow } from './dltFormIssues';
import { didYouMean } from './nearMiss';
import { formatIssues, preview } from './formatIssues';
import { incrementalIssues } from './incrementalIssues';
import { jsonPathIssues } from './jsonPathIssues';
import { nestingIssue } from './nestingIssue';
import { parentIssues } from './parentIssues';
import type { SourceModel } from '../model';
import { dispositionOf, normalizeSource } from './normalizeSource';
import { BUILT_IN_AUTH_TYPES, SourceSchema } from './schema';
import type { SourceDefinition } from './schema';
import { scheduleProblems, validateTimezone } from '../schedule/validateSchedule';
import { templateIssues } from './templateIssues';


type Parsed = ReturnType<typeof SourceSchema.parse>;

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
  const issues = [...crossFieldIssues(result.data, model, normalizing, options), ...(options.strict ? [...destinationHintIssues(input), ...replaceIncrementalIssues(model)] : [])];
  if (issues.length > 0) throw new ConfigValidationError(options.file, issues);
  return model;
}

/** Type helper for TypeScript sources: `export default defineSource({ ... })` gets completion and checking. */
export function defineSource(definition: SourceDefinition): SourceDefinition {
  return definition;
}

function crossFieldIssues(source: Parsed, model: SourceModel, normalizing: readonly ConfigIssue[], options: ValidateOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const authBlocks: Array<{ path: string; auth: Record<string, unknown> }> = [];
  if (source.client.auth) authBlocks.push({ path: 'client.auth', auth: source.client.auth as Record<string, unknown> });
  if (source.resource_defaults?.endpoint?.auth) {
    authBlocks.push({ path: 'resource_defaults.endpoint.auth', auth: source.resource_defaults.endpoint.auth as Record<string, unknown> });
  }
  source.resources.forEach((r, i) => {
    if (typeof r === 'object' && typeof r.endpoint === 'object' && r.endpoint.auth) {
      authBlocks.push({ path: `resources[${i}].endpoint.auth`, auth: r.endpoint.auth as Record<string, unknown> });
    }
  });

  const custom = registeredAuthTypes();
  for (const { path, auth } of authBlocks) {
    // dlt: a block without a type is bearer.
    const type = auth.type === undefined ? 'bearer' : String(auth.type);
    if (!(BUILT_IN_AUTH_TYPES as readonly string[]).includes(type) && !custom.includes(type)) {
      issues.push({
        path: `${path}.type`,
        message: `unknown auth type ${preview(type)}; accepted: ${[...BUILT_IN_AUTH_TYPES, ...custom].join(', ')}${didYouMean(type, [...BUILT_IN_AUTH_TYPES, ...custom])} (custom types need registerAuth(${preview(type)}, factory) in a TypeScript source)`,
      });
      continue;
    }
    if ((type === 'oauth2_client_credentials' || type === 'oauth2_refresh_token') && auth.client_auth === 'basic' && auth.client_id === undefined) {
      issues.push({ path: `${path}.client_auth`, message: '"basic" needs client_id (and client_secret)' });
    }
    if (type === 'api_key' && (auth.location ?? 'header') === 'header' && typeof auth.name === 'string' && !HEADER_NAME.test(auth.name)) {
      issues.push({ path: `${path}.name`, message: `${preview(auth.name)} ${HEADER_NAME_RULE}` });
    }
    if (!source.allow_plaintext_secrets) {
      for (const field of CREDENTIAL_AUTH_FIELDS) {
        const value = auth[field];
        if (typeof value === 'string') {
          issues.push({
            path: `${path}.${field}`,
            message: `a credential must be a secret reference such as {"secret": "${field}"} or {"ssm": "/path/${field}"}, not a plain string (set "allow_plaintext_secrets": true only for local experiments)`,
          });
        }
      }
    }
  }

  const names = new Map<string, number>();
  source.resources.forEach((r, i) => {
    const name = typeof r === 'string' ? r : r.name;
    const first = names.get(name);
    if (first !== undefined) {
      issues.push({ path: `resources[${i}].name`, message: `duplicate resource name ${preview(name)} (also resources[${first}])` });
    } else names.set(name, i);
  });

  issues.push(...writeHintIssues(source));

  const resources = inDeclarationOrder(model);
  issues.push(...normalizing);
  issues.push(...templateIssues(source, resources));

  issues.push(...parentIssues(resources));

  issues.push(...customPaginatorIssues(source));
  issues.push(...jsonPathIssues(source));
  issues.push(...incrementalIssues(resources));

  if (source.schedule !== undefined) {
    for (const problem of scheduleProblems(source.schedule)) issues.push({ path: 'schedule', message: problem });
  } else if (options.requireSchedule) {
    issues.push({ path: 'schedule', message: 'required to deploy: an EventBridge Scheduler expression such as "rate(1 hour)" or "cron(0 2 * * ? *)"' });
  }
  if (source.timezone !== undefined) {
    const problem = validateTimezone(source.timezone);
    if (problem) issues.push({ path: 'timezone', message: problem });
  }
  issues.push(...headerIssues(resources, model.allowPlaintextSecrets));
  if (!model.allowPlaintextSecrets) issues.push(...plaintextParamIssues(resources));
  return issues;
}

/** `merge` needs a primary key; no two resources share an output table (folder). */
function writeHintIssues(source: Parsed): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const defaults = source.resource_defaults ?? {};
  const tables = new Map<string, number>();
  source.resources.forEach((r, i) => {
    const resource = typeof r === 'string' ? { name: r } : r;
    const table = resource.table_name ?? resource.name;
    const first = tables.get(table);
    if (first !== undefined) {
      issues.push({
        path: `resources[${i}]${resource.table_name !== undefined ? '.table_name' : '.name'}`,
        message: `table ${preview(table)} is also the table of resources[${first}]; each resource writes a table (folder) of its own`,
      });
    } else tables.set(table, i);
    const own = 'write_disposition' in resource ? resource.write_disposition : undefined;
    if (dispositionOf(own ?? defaults.write_disposition) !== 'merge') return;
    if ((('primary_key' in resource ? resource.primary_key : undefined) ?? defaults.primary_key) === undefined) {
      issues.push({
        path: own !== undefined ? `resources[${i}].write_disposition` : 'resource_defaults.write_disposition',
        message: `"merge" keeps the latest record per primary key: resource ${preview(resource.name)} needs "primary_key" (a field name or a list of them)`,
      });
    }
  });
  return issues;
}
