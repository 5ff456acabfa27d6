/**
 * Applies every default once and expands shorthands, producing the
 * {@link NormalizedSource} the engine runs. Input must have passed the schema.
 */
import { isCredentialAuthField } from '../secrets/credentialFields';
import { isSecretRef, parameterPath } from '../secrets/SecretRef';
import { boundEndpoint } from './boundEndpoint';
import { DEFAULTS } from './defaults';
import type {
  NormalizedEndpoint,
  NormalizedPaginator,
  NormalizedResource,
  NormalizedSource,
  ParentLink,
  SecretUse,
  WriteDisposition,
} from './NormalizedSource';
import { placeholdersDeep } from './placeholders';
import type { PaginatorConfig, ResourceConfig, SourceSchema, WriteDispositionConfig } from './schema';
import type { z } from 'zod';

type Parsed = z.output<typeof SourceSchema>;

function paginatorOf(config: PaginatorConfig | undefined): NormalizedPaginator {
  if (config === undefined) return { type: DEFAULTS.paginator };
  const block = typeof config === 'string' ? { type: config } : config;
  // dlt's deprecated name of json_link, with json_link's meaning.
  if (block.type === 'json_response') return { ...block, type: 'json_link' } as NormalizedPaginator;
  return block as NormalizedPaginator;
}

function endpointOf(resource: ResourceConfig, index: number, source: Parsed): NormalizedEndpoint {
  const bound = boundEndpoint(resource, index, source);
  const { own, defaults } = bound;
  const incremental = bound.incremental;
  const at = bound.incrementalAt ?? '';
  return {
    path: bound.path,
    method: (own.method ?? defaults.method ?? DEFAULTS.method).toUpperCase() as NormalizedEndpoint['method'],
    params: bound.params,
    json: bound.json,
    data: bound.data,
    headers: bound.headers as NormalizedEndpoint['headers'],
    // dlt's _setup_single_entity_endpoint: a path ending in a placeholder returns one object.
    dataSelector: own.data_selector ?? defaults.data_selector ?? (bound.singleEntity ? '$' : undefined),
    paginator: paginatorOf(own.paginator ?? defaults.paginator ?? (bound.singleEntity ? 'single_page' : source.client.paginator)),
    incremental: incremental
      ? {
          ...incremental,
          at: `${at}.incremental`,
          cursorPath: incremental.cursor_path,
          initialValue: incremental.initial_value,
          endValue: incremental.end_value,
          startParam: incremental.start_param,
          endParam: incremental.end_param,
          onCursorValueMissing: incremental.on_cursor_value_missing ?? DEFAULTS.onCursorValueMissing,
          lag: incremental.lag ?? DEFAULTS.lag,
          rangeStart: incremental.range_start ?? DEFAULTS.rangeStart,
          rangeEnd: incremental.range_end ?? DEFAULTS.rangeEnd,
          rowOrder: incremental.row_order,
          datetimeFormat: incremental.datetime_format,
        }
      : undefined,
    responseActions: own.response_actions ?? defaults.response_actions ?? [],
    auth: own.auth ?? defaults.auth ?? source.client.auth,
  };
}

function parentOf(resource: ResourceConfig, endpoint: NormalizedEndpoint, includeFromParent: readonly string[]): ParentLink | undefined {
  const found = placeholdersDeep([endpoint.path, endpoint.params, endpoint.json, endpoint.data, endpoint.headers]).flatMap((p) =>
    p.kind === 'parent' ? [p] : [],
  );
  if (found.length === 0) return undefined;
  void resource;
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
export function dispositionOf(config: WriteDispositionConfig | undefined): WriteDisposition {
  if (config === undefined) return DEFAULTS.writeDisposition;
  return typeof config === 'string' ? config : config.disposition;
}

/** Normalizes a schema-valid source definition. */
export function normalizeSource(source: Parsed): NormalizedSource {
  const defaults = source.resource_defaults ?? {};
  const resources: NormalizedResource[] = source.resources.map((r, index) => {
    const resource: ResourceConfig = typeof r === 'string' ? { name: r } : r;
    const endpoint = endpointOf(resource, index, source);
    const pk = resource.primary_key ?? defaults.primary_key;
    const include = resource.include_from_parent ?? defaults.include_from_parent ?? [];
    const mergeKey = resource.merge_key ?? defaults.merge_key;
    const steps = (resource.processing_steps ?? defaults.processing_steps ?? []) as NormalizedResource['processingSteps'];
    return {
      name: resource.name,
      tableName: resource.table_name ?? resource.name,
      endpoint,
      primaryKey: keyList(pk),
      mergeKey: keyList(mergeKey),
      writeDisposition: dispositionOf(resource.write_disposition ?? defaults.write_disposition),
      parallelized: resource.parallelized ?? defaults.parallelized ?? false,
      processingSteps: steps,
      selected: resource.selected ?? defaults.selected ?? true,
      parent: parentOf(resource, endpoint, include),
      maxPages: resource.max_pages ?? defaults.max_pages ?? source.client.max_pages,
    };
  });

  // Parents before children, otherwise in declaration order.
  const ordered: NormalizedResource[] = [];
  const placed = new Set<string>();
  const place = (r: NormalizedResource): void => {
    if (placed.has(r.name)) return;
    if (r.parent) {
      const parent = resources.find((p) => p.name === r.parent?.resource);
      if (parent) place(parent);
    }
    placed.add(r.name);
    ordered.push(r);
  };
  resources.forEach(place);

  const secrets: SecretUse[] = [];
  const top: SecretScope = { rotatedPath: undefined, auth: undefined };
  collectSecrets(source.client, 'client', 'client', source, top, secrets);
  collectSecrets(source.resource_defaults, 'resource_defaults', 'resource_defaults', source, top, secrets);
  source.resources.forEach((r, i) => collectSecrets(r, `resources[${i}]`, 'resources', source, top, secrets));

  const run = source.run ?? {};
  const deploy = source.deploy ?? {};
  return {
    name: source.name,
    schedule: source.schedule,
    timezone: source.timezone ?? DEFAULTS.timezone,
    secretsPrefix: source.secrets_prefix ?? DEFAULTS.secretsPrefix,
    allowPlaintextSecrets: source.allow_plaintext_secrets ?? false,
    allowShortSecrets: source.allow_short_secrets ?? false,
    client: {
      baseUrl: source.client.base_url,
      timeoutMs: source.client.timeout_ms ?? DEFAULTS.timeoutMs,
      retries: {
        limit: source.client.retries?.limit ?? DEFAULTS.retries.limit,
        maxDelayMs: source.client.retries?.max_delay_ms ?? DEFAULTS.retries.maxDelayMs,
      },
      allowedHosts: source.client.allowed_hosts,
      maxResponseBytes: source.client.max_response_bytes ?? DEFAULTS.maxResponseBytes,
    },
    resources: ordered,
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
}
