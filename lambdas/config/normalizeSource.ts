/**
 * The one parse step: from a schema-valid definition to the {@link SourceModel}
 * the engine runs. Every default is applied here (from `defaults.ts`), string
 * shorthands are expanded, `resource_defaults` merged, parents resolved and
 * resources ordered parents first; every node records its config path and the
 * whole model is frozen. Input must be schema-valid; the model the engine
 * runs is one whose rules (`validateSource`) found nothing. Besides what runs,
 * each endpoint keeps what the file holds at other levels (`written`,
 * `declared.overridden`), so that no rule has to read the input again.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import type {
  AuthModel,
  DeclaredAt,
  EndpointModel,
  IncrementalModel,
  OverriddenValue,
  PaginatorModel,
  ParentLink,
  ProcessingStep,
  ResourceModel,
  ResponseActionModel,
  SecretUse,
  SelectorModel,
  SourceModel,
  WriteDisposition,
} from '../model';
import { isCredentialAuthField } from '../secrets/credentialFields';
import { isSecretRef, parameterPath } from '../secrets/SecretRef';
import { boundEndpoint } from './boundEndpoint';
import { DEFAULTS } from './defaults';
import { isBuiltInPaginatorType } from './paginatorTypes';
import { formatPath } from './formatIssues';
import { placeholdersDeep } from './placeholders';
import type {
  ApiKeyAuthConfig,
  AuthConfig,
  BearerAuthConfig,
  HttpBasicAuthConfig,
  IncrementalConfig,
  OAuth2ClientCredentialsConfig,
  OAuth2RefreshTokenConfig,
  PaginatorConfig,
  ResourceConfig,
  ResponseAction,
  SourceSchema,
  WriteDispositionConfig,
} from './schema';
import type { z } from 'zod';

type Parsed = z.output<typeof SourceSchema>;

/** A copy of a user value (plain objects and arrays copied, anything else kept), frozen all the way down. */
function frozenCopy<T>(value: T): T {
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.freeze(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, frozenCopy(v)]))) as T;
  }
  return value;
}

/** The `auth` block declared at `at`, every default applied. */
export function normalizeAuth(block: AuthConfig, at: string): AuthModel {
  // The custom branch (any `type`) keeps TypeScript from narrowing on `type`; the schema has.
  // dlt: a block without a type (`{"token": …}`) is bearer.
  switch (block.type ?? 'bearer') {
    case 'bearer':
      return { type: 'bearer', at, token: (block as BearerAuthConfig).token };
    case 'api_key': {
      const config = block as ApiKeyAuthConfig;
      return {
        type: 'api_key',
        at,
        name: config.name ?? DEFAULTS.auth.apiKeyName,
        apiKey: config.api_key,
        // dlt's `param` is the query.
        location: config.location === 'param' ? 'query' : (config.location ?? DEFAULTS.auth.apiKeyLocation),
      };
    }
    case 'http_basic': {
      const config = block as HttpBasicAuthConfig;
      return { type: 'http_basic', at, username: config.username, password: config.password ?? '' };
    }
    case 'oauth2_client_credentials':
    case 'oauth2_refresh_token': {
      const config = block as OAuth2ClientCredentialsConfig | OAuth2RefreshTokenConfig;
      const common = {
        at,
        tokenUrl: config.access_token_url,
        clientId: config.client_id,
        clientSecret: config.client_secret,
        scopes: config.scopes === undefined ? [] : typeof config.scopes === 'string' ? [config.scopes] : config.scopes,
        audience: config.audience,
        extraData: config.access_token_request_data ?? {},
        clientAuth: config.client_auth ?? DEFAULTS.auth.clientAuth,
        defaultExpiresIn: config.default_token_expiration ?? DEFAULTS.auth.tokenExpirationSeconds,
      };
      return config.type === 'oauth2_refresh_token'
        ? { ...common, type: 'oauth2_refresh_token', refreshToken: config.refresh_token }
        : { ...common, type: 'oauth2_client_credentials', clientId: config.client_id, clientSecret: config.client_secret as OAuth2ClientCredentialsConfig['client_secret'] };
    }
    default:
      return { type: 'custom', at, name: String(block.type), config: block as Record<string, unknown> & { type: string } };
  }
}

/** `snake_case` → `camelCase`: the model keeps the file's names in the engine's spelling. */
function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The `paginator` block declared at `at` (absent: the default), shorthand
 * expanded, dlt's `json_response` named `json_link`, the type's defaults
 * (`DEFAULTS.paginators`) under the fields given. The schema is strict, so
 * every field maps to one of the model's. A registered custom type becomes a
 * `custom` node holding its block as written: its factory owns its fields.
 */
export function normalizePaginator(config: PaginatorConfig | undefined, at: string): PaginatorModel {
  const block: { type: string } & Record<string, unknown> = config === undefined ? { type: DEFAULTS.paginator } : typeof config === 'string' ? { type: config } : config;
  const { type, ...fields } = block;
  if (!isBuiltInPaginatorType(type)) return { type: 'custom', at, name: type, config: block };
  const named = type === 'json_response' ? 'json_link' : type;
  const given = Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : [[camelCase(k), v]]));
  const model: Record<string, unknown> = { type: named, at, ...DEFAULTS.paginators[named], ...Object.fromEntries(given) };
  if (named === 'page_number') model.page ??= model.basePage;
  return model as unknown as PaginatorModel;
}

/** The `incremental` block declared at `at`, every default applied. */
export function normalizeIncremental(config: IncrementalConfig, at: string): IncrementalModel {
  return {
    at,
    cursorPath: config.cursor_path,
    initialValue: config.initial_value,
    endValue: config.end_value,
    startParam: config.start_param,
    endParam: config.end_param,
    lag: config.lag ?? DEFAULTS.lag,
    onCursorValueMissing: config.on_cursor_value_missing ?? DEFAULTS.onCursorValueMissing,
    rangeStart: config.range_start ?? DEFAULTS.rangeStart,
    rangeEnd: config.range_end ?? DEFAULTS.rangeEnd,
    rowOrder: config.row_order,
    datetimeFormat: config.datetime_format,
    convert: config.convert,
  };
}

function responseActionsOf(actions: readonly ResponseAction[], at: string): ResponseActionModel[] {
  return actions.map((a, k) => ({ at: `${at}[${k}]`, statusCode: a.status_code, content: a.content, action: a.action }));
}

/** A value a level may declare (undefined: it does not) and the path it would be declared at, most specific level first. */
type Candidate<T> = [T | undefined, string];

/** True for a candidate whose value is set. */
function isSet<T>(candidate: Candidate<T>): candidate is [T, string] {
  return candidate[0] !== undefined;
}

/** The value of the first of `candidates` that is set, with the path it was declared at. */
function firstDeclared<T>(...candidates: Array<Candidate<T>>): [T, string] | undefined {
  for (const [value, at] of candidates) if (value !== undefined) return [value, at];
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * For each key of `merged`, the first of `levels` (most specific first) whose
 * object declares it; a key no level declares (one the binding of dlt's params
 * made) is the first level's.
 */
function declaredAt(merged: unknown, levels: Array<[unknown, readonly PropertyKey[]]>): DeclaredAt {
  if (!isObject(merged)) return {};
  const out: Record<string, string> = {};
  for (const key of Object.keys(merged)) {
    const level = levels.find(([value]) => isObject(value) && Object.hasOwn(value, key)) ?? levels[0];
    out[key] = formatPath([...level[1], key]);
  }
  return out;
}

/**
 * The values of `levels` (most specific first) that a more specific level
 * replaces: key by key where both are objects, else the whole lower value
 * (as `mergeOneLevel` and the header spread do).
 */
function overriddenOf(part: OverriddenValue['part'], levels: Array<[unknown, readonly PropertyKey[]]>): OverriddenValue[] {
  const out: OverriddenValue[] = [];
  levels.forEach(([value, at], i) => {
    const above = levels.slice(0, i).map(([v]) => v).filter((v) => v !== undefined);
    if (value === undefined || above.length === 0) return;
    if (isObject(value) && above.every(isObject)) {
      for (const [key, v] of Object.entries(value)) if (above.some((o) => Object.hasOwn(o, key))) out.push({ at: formatPath([...at, key]), part, key, value: v });
    } else if (isObject(value)) {
      for (const [key, v] of Object.entries(value)) out.push({ at: formatPath([...at, key]), part, key, value: v });
    } else out.push({ at: formatPath(at), part, key: '', value });
  });
  return out;
}

/** Every value of a body the model does not carry (a `data` beside a `json`), as overridden. */
function displacedBody(value: unknown, levels: Array<[unknown, readonly PropertyKey[]]>): OverriddenValue[] {
  if (value === undefined) return [];
  if (!isObject(value)) {
    const level = levels.find(([v]) => v !== undefined) ?? levels[0];
    return [{ at: formatPath(level[1]), part: 'data', key: '', value }];
  }
  const declared = declaredAt(value, levels);
  return Object.entries(value).map(([key, v]) => ({ at: declared[key], part: 'data' as const, key, value: v }));
}

function endpointOf(resource: ResourceConfig, index: number, source: Parsed, auths: Map<string, AuthModel>, issues: ConfigIssue[]): EndpointModel {
  const bound = boundEndpoint(resource, index, source);
  issues.push(...bound.issues);
  // The model holds one body; which one the file meant is for its author to say.
  if (bound.json !== undefined && bound.data !== undefined) {
    issues.push({ path: `resources[${index}].endpoint`, message: 'a request has one body: "json" or "data" (a form), not both' });
  }
  const { own, defaults } = bound;
  const at = `resources[${index}].endpoint`;
  const dflt = 'resource_defaults.endpoint';

  // dlt's _setup_single_entity_endpoint: a path ending in a placeholder returns one object, on a single page.
  const single = bound.singleEntity;
  const selectors: Array<Candidate<string>> = [[own.data_selector, `${at}.data_selector`], [defaults.data_selector, `${dflt}.data_selector`]];
  const selected = firstDeclared(...selectors, [single ? '$' : undefined, `${at}.path`]);
  const selector: SelectorModel = selected
    ? { kind: 'path', at: selected[1], path: selected[0] }
    : { kind: 'detect', at: `${at}.data_selector` };

  const paginators: Array<Candidate<PaginatorConfig>> = [[own.paginator, `${at}.paginator`], [defaults.paginator, `${dflt}.paginator`], [source.client.paginator, 'client.paginator']];
  const paginator = firstDeclared<PaginatorConfig>(...paginators.slice(0, 2), [single ? 'single_page' : undefined, `${at}.path`], ...paginators.slice(2));

  const actions = firstDeclared([own.response_actions, `${at}.response_actions`], [defaults.response_actions, `${dflt}.response_actions`]);

  // One model per declared block, so resources sharing `client.auth` share one strategy (and one token).
  const authOf = ([block, blockAt]: [AuthConfig, string]): AuthModel => {
    const model = auths.get(blockAt) ?? normalizeAuth(block, blockAt);
    auths.set(blockAt, model);
    return model;
  };
  const authBlocks = ([[own.auth, `${at}.auth`], [defaults.auth, `${dflt}.auth`], [source.client.auth, 'client.auth']] as Array<Candidate<AuthConfig>>).filter(isSet);
  const authModel = authBlocks.length > 0 ? authOf(authBlocks[0]) : undefined;

  const incrementalAt = bound.incrementalAt ?? `${at}.incremental`;
  const incrementals = ([[own.incremental, `${at}.incremental`], [defaults.incremental, `${dflt}.incremental`]] as Array<Candidate<IncrementalConfig>>).filter(isSet);

  const bodyAt = (key: 'json' | 'data'): string => (own[key] !== undefined ? `${at}.${key}` : `${dflt}.${key}`);
  const body: EndpointModel['body'] =
    bound.json !== undefined
      ? { kind: 'json', at: bodyAt('json'), value: bound.json }
      : bound.data !== undefined
        ? { kind: 'data', at: bodyAt('data'), value: bound.data }
        : { kind: 'none' };
  return {
    at,
    path: bound.path,
    method: (own.method ?? defaults.method ?? DEFAULTS.method).toUpperCase() as EndpointModel['method'],
    params: bound.params,
    body,
    headers: bound.headers as EndpointModel['headers'],
    selector,
    paginator: normalizePaginator(paginator?.[0], paginator?.[1] ?? 'client.paginator'),
    incremental: bound.incremental ? normalizeIncremental(bound.incremental, incrementalAt) : undefined,
    responseActions: actions ? responseActionsOf(actions[0], actions[1]) : [],
    auth: authModel,
    declared: {
      path: own.path !== undefined ? (typeof resource.endpoint === 'string' ? at : `${at}.path`) : defaults.path !== undefined ? `${dflt}.path` : `resources[${index}].name`,
      headers: declaredAt(bound.headers, [
        [own.headers, ['resources', index, 'endpoint', 'headers']],
        [defaults.headers, ['resource_defaults', 'endpoint', 'headers']],
        [source.client.headers, ['client', 'headers']],
      ]),
      params: declaredAt(bound.params, [
        [own.params, ['resources', index, 'endpoint', 'params']],
        [defaults.params, ['resource_defaults', 'endpoint', 'params']],
      ]),
      body:
        body.kind === 'none'
          ? {}
          : declaredAt(body.value, [
              [own[body.kind], ['resources', index, 'endpoint', body.kind]],
              [defaults[body.kind], ['resource_defaults', 'endpoint', body.kind]],
            ]),
      overridden: [
        ...(own.path !== undefined && defaults.path !== undefined ? [{ at: `${dflt}.path`, part: 'path' as const, key: '', value: defaults.path }] : []),
        ...overriddenOf('headers', [
          [own.headers, ['resources', index, 'endpoint', 'headers']],
          [defaults.headers, ['resource_defaults', 'endpoint', 'headers']],
          [source.client.headers, ['client', 'headers']],
        ]),
        ...overriddenOf('params', [
          [own.params, ['resources', index, 'endpoint', 'params']],
          [defaults.params, ['resource_defaults', 'endpoint', 'params']],
        ]),
        ...(['json', 'data'] as const).flatMap((part) =>
          overriddenOf(part, [
            [own[part], ['resources', index, 'endpoint', part]],
            [defaults[part], ['resource_defaults', 'endpoint', part]],
          ]),
        ),
        ...(body.kind === 'json'
          ? displacedBody(bound.data, [
              [own.data, ['resources', index, 'endpoint', 'data']],
              [defaults.data, ['resource_defaults', 'endpoint', 'data']],
            ])
          : []),
      ],
    },
    written: {
      overriddenAuth: authBlocks.slice(1).map(authOf),
      overriddenPaginators: paginators.filter(isSet).filter(([, p]) => p !== paginator?.[1]).map(([config, p]) => normalizePaginator(config, p)),
      overriddenSelectors: selectors.filter(isSet).filter(([, p]) => p !== selected?.[1]).map(([path, p]) => ({ kind: 'path' as const, at: p, path })),
      overriddenIncrementals: bound.incremental ? incrementals.filter(([, p]) => p !== incrementalAt).map(([config, p]) => normalizeIncremental(config, p)) : [],
      paginatorShorthands: paginators.flatMap(([config, p]) => (typeof config === 'string' ? [p] : [])),
      resolved: bound.resolved,
    },
  };
}

function parentOf(endpoint: EndpointModel, includeFromParent: readonly string[]): ParentLink | undefined {
  const body = endpoint.body.kind === 'none' ? undefined : endpoint.body.value;
  const found = placeholdersDeep([endpoint.path, endpoint.params, body, endpoint.headers]).flatMap((p) => (p.kind === 'parent' ? [p] : []));
  if (found.length === 0) return undefined;
  return {
    resource: found[0].resource,
    fields: [...new Set(found.map((p) => p.field))],
    includeFromParent,
  };
}

/** Where a value sits, for {@link collectSecrets}: the `auth` block around it, if any. */
interface SecretScope {
  readonly rotatedPath: string | undefined;
  readonly auth: Readonly<Record<string, unknown>> | undefined;
}

const AUTH_BLOCK = /^(?:client|resource_defaults\.endpoint|resources\[\d+\]\.endpoint)\.auth$/;

function collectSecrets(value: unknown, path: string, key: string, source: Parsed, scope: SecretScope, out: SecretUse[]): void {
  if (isSecretRef(value)) {
    out.push({
      field: path,
      parameter: parameterPath(value, source.name, source.secrets_prefix ?? DEFAULTS.secretsPrefix),
      rotated: path === scope.rotatedPath,
      // Outside auth (headers, params, json, data) a secret reference is a credential by being one.
      credential: scope.auth ? isCredentialAuthField(key, scope.auth) : true,
    });
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => collectSecrets(v, `${path}[${i}]`, key, source, scope, out));
  else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(object)) {
      const childPath = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
      const auth = scope.auth ?? (AUTH_BLOCK.test(childPath) && v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined);
      const rotated = object.type === 'oauth2_refresh_token' ? `${path}.refresh_token` : scope.rotatedPath;
      collectSecrets(v, childPath, k, source, { rotatedPath: rotated, auth }, out);
    }
  }
}

function keyList(key: string | readonly string[] | undefined): readonly string[] | undefined {
  return key === undefined ? undefined : typeof key === 'string' ? [key] : key;
}

/** The disposition name of `write_disposition` as written (a name or dlt's `{disposition}` object). */
function dispositionOf(config: WriteDispositionConfig | undefined): WriteDisposition {
  if (config === undefined) return DEFAULTS.writeDisposition;
  return typeof config === 'string' ? config : config.disposition;
}

/** Resources with every parent before its children, otherwise in declaration order. */
function parentsFirst(resources: readonly ResourceModel[]): ResourceModel[] {
  const byName = new Map(resources.map((r) => [r.name, r]));
  const ordered: ResourceModel[] = [];
  // By node, not by name: a file with two resources of one name still gets a model of every resource, for the rules to report.
  const placed = new Set<ResourceModel>();
  const place = (r: ResourceModel, path: ReadonlySet<string>): void => {
    if (placed.has(r) || path.has(r.name)) return;
    const parent = r.parent && byName.get(r.parent.resource);
    if (parent) place(parent, new Set([...path, r.name]));
    placed.add(r);
    ordered.push(r);
  };
  for (const r of resources) place(r, new Set());
  return ordered;
}

/**
 * Normalizes a schema-valid source definition into the frozen model the engine
 * runs. It never throws on a schema-valid input, however its fields disagree
 * (unknown parents, parent cycles, unknown auth types, bad templates): the
 * problems binding dlt's params finds go to `issues`, and the cross-field rules
 * of `validateSource` then run on the model. The engine runs only a model whose
 * `issues` came back empty.
 * @param issues where the problems found while normalizing are collected; omit for a validated input.
 */
export function normalizeSource(source: Parsed, issues: ConfigIssue[] = []): SourceModel {
  const defaults = source.resource_defaults ?? {};
  const auths = new Map<string, AuthModel>();
  const resources: ResourceModel[] = source.resources.map((r, index) => {
    const resource: ResourceConfig = typeof r === 'string' ? { name: r } : r;
    const endpoint = endpointOf(resource, index, source, auths, issues);
    const pk = resource.primary_key ?? defaults.primary_key;
    const include = resource.include_from_parent ?? defaults.include_from_parent ?? [];
    const mergeKey = resource.merge_key ?? defaults.merge_key;
    return {
      at: `resources[${index}]`,
      name: resource.name,
      tableName: resource.table_name ?? resource.name,
      endpoint,
      primaryKey: keyList(pk),
      mergeKey: keyList(mergeKey),
      writeDisposition: dispositionOf(resource.write_disposition ?? defaults.write_disposition),
      parallelized: resource.parallelized ?? defaults.parallelized ?? false,
      processingSteps: (resource.processing_steps ?? defaults.processing_steps ?? []) as readonly ProcessingStep[],
      selected: resource.selected ?? defaults.selected ?? DEFAULTS.selected,
      parent: parentOf(endpoint, include),
      tableNameAt: resource.table_name !== undefined ? `resources[${index}].table_name` : `resources[${index}].name`,
      writeDispositionAt:
        resource.write_disposition !== undefined ? `resources[${index}].write_disposition` : defaults.write_disposition !== undefined ? 'resource_defaults.write_disposition' : undefined,
      declaredIncludeFromParent: (
        [
          [resource.include_from_parent, `resources[${index}].include_from_parent`],
          [defaults.include_from_parent, 'resource_defaults.include_from_parent'],
        ] as Array<Candidate<readonly string[]>>
      )
        .filter(isSet)
        .map(([fields, at]) => ({ at, fields })),
      includeFromParentAt:
        resource.include_from_parent !== undefined ? `resources[${index}].include_from_parent` : defaults.include_from_parent !== undefined ? 'resource_defaults.include_from_parent' : undefined,
      maxPages: resource.max_pages ?? defaults.max_pages ?? source.client.max_pages,
    };
  });

  const secrets: SecretUse[] = [];
  const top: SecretScope = { rotatedPath: undefined, auth: undefined };
  collectSecrets(source.client, 'client', 'client', source, top, secrets);
  collectSecrets(source.resource_defaults, 'resource_defaults', 'resource_defaults', source, top, secrets);
  source.resources.forEach((r, i) => collectSecrets(r, `resources[${i}]`, 'resources', source, top, secrets));

  const run = source.run ?? {};
  const deploy = source.deploy ?? {};
  const model: SourceModel = {
    name: source.name,
    schedule: source.schedule,
    timezone: source.timezone ?? DEFAULTS.timezone,
    secretsPrefix: source.secrets_prefix ?? DEFAULTS.secretsPrefix,
    allowPlaintextSecrets: source.allow_plaintext_secrets ?? false,
    allowShortSecrets: source.allow_short_secrets ?? false,
    client: {
      at: 'client',
      baseUrl: source.client.base_url,
      timeoutMs: source.client.timeout_ms ?? DEFAULTS.timeoutMs,
      retries: {
        limit: source.client.retries?.limit ?? DEFAULTS.retries.limit,
        maxDelayMs: source.client.retries?.max_delay_ms ?? DEFAULTS.retries.maxDelayMs,
      },
      allowedHosts: source.client.allowed_hosts,
      maxResponseBytes: source.client.max_response_bytes ?? DEFAULTS.maxResponseBytes,
      concurrency: source.client.concurrency ?? DEFAULTS.concurrency,
      rateLimit: source.client.rate_limit
        ? { requestsPerSecond: source.client.rate_limit.requests_per_second, burst: source.client.rate_limit.burst ?? 1 }
        : undefined,
    },
    resources: parentsFirst(resources),
    run: {
      partMaxRecords: run.part_max_records ?? DEFAULTS.run.partMaxRecords,
      partMaxBytes: run.part_max_bytes ?? DEFAULTS.run.partMaxBytes,
      safetyMarginMs: run.safety_margin_ms ?? DEFAULTS.run.safetyMarginMs,
      maxContinuations: run.max_continuations ?? DEFAULTS.run.maxContinuations,
      secretsTtlSeconds: run.secrets_ttl_seconds ?? DEFAULTS.run.secretsTtlSeconds,
    },
    deploy: {
      memoryMb: deploy.memory_mb ?? DEFAULTS.deploy.memoryMb,
      timeoutSeconds: deploy.timeout_seconds ?? DEFAULTS.deploy.timeoutSeconds,
      missedRunsAlarmPeriods: deploy.missed_runs_alarm_periods ?? DEFAULTS.deploy.missedRunsAlarmPeriods,
      logRetentionDays: deploy.log_retention_days ?? DEFAULTS.deploy.logRetentionDays,
    },
    secrets,
    definition: source,
  };
  // A frozen copy, sharing nothing with the definition, which stays as written (bundling serializes it).
  const { definition, ...rest } = model;
  return Object.freeze({ ...frozenCopy(rest), definition });
}
