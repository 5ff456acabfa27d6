/**
 * The source as the engine runs it: the only model downstream of
 * `normalizeSource`. Closed, fully defaulted and immutable; every node carries
 * its config path. Engine folders import these types, never the input schema.
 */
import type { EndpointModel } from './EndpointModel';
import type { Located } from './Located';

/** A resource's link to its parent, from `{resources.<parent>.<field>}` placeholders (or dlt `resolve` params). */
export interface ParentLink {
  /** The parent resource's name. */
  readonly resource: string;
  /** Parent fields (JSONPaths) the placeholders read. */
  readonly fields: readonly string[];
  /** Parent fields copied into each child record as `_<parent>_<field>`. */
  readonly includeFromParent: readonly string[];
}

/** dlt's write dispositions: how runs add up in the committed view. */
export type WriteDisposition = 'append' | 'replace' | 'merge';

/** One resource, ready to run. */
export interface ResourceModel extends Located {
  readonly name: string;
  /** The output folder and table; default `name`. */
  readonly tableName: string;
  readonly endpoint: EndpointModel;
  readonly primaryKey: readonly string[] | undefined;
  /** dlt's `merge_key`: with `merge`, a run replaces every earlier record of each value it holds (delete-insert). */
  readonly mergeKey: readonly string[] | undefined;
  readonly writeDisposition: WriteDisposition;
  /** false: fetched only for its children, not written. */
  readonly selected: boolean;
  readonly parent: ParentLink | undefined;
  /** Where the table name was written: `resources[i].table_name`, or `resources[i].name` when the table is the name. */
  readonly tableNameAt: string;
  /** Where `write_disposition` was written: `resources[i].write_disposition` or `resource_defaults.write_disposition`; undefined: nowhere (the default). */
  readonly writeDispositionAt: string | undefined;
  /** The `include_from_parent` lists written for this resource, most specific first: its own (the one it runs) and the defaults' one it replaced. */
  readonly declaredIncludeFromParent: readonly IncludeFromParentList[];
  /** Where `include_from_parent` was declared (`resources[i].include_from_parent` or `resource_defaults.include_from_parent`); undefined: nowhere. Kept with or without a parent, so a rule can name it. */
  readonly includeFromParentAt: string | undefined;
  /** Pages per request chain at most (resource, else defaults, else client); undefined: no limit. */
  readonly maxPages: number | undefined;
  /** dlt's `parallelized`: a child runs up to `client.concurrency` parent chains at once; top-level ones run at the same time as one another. */
  readonly parallelized: boolean;
  /** dlt's `processing_steps` (TypeScript sources), applied in order before a record is written. */
  readonly processingSteps: readonly ProcessingStep[];
}

/** An `include_from_parent` list as written. */
export interface IncludeFromParentList extends Located {
  /** Parent fields (JSONPaths). */
  readonly fields: readonly string[];
}

/** One `processing_steps` entry: exactly one function. */
export type ProcessingStep =
  | { readonly filter: (record: never) => unknown }
  | { readonly map: (record: never) => unknown }
  | { readonly yield_map: (record: never) => Iterable<unknown> };

/** The HTTP client every resource shares. */
export interface ClientModel extends Located {
  readonly baseUrl: string;
  /** Per request: headers and every read of the body. */
  readonly timeoutMs: number;
  readonly retries: { readonly limit: number; readonly maxDelayMs: number };
  /** Origins next-page URLs may point to; undefined: any http(s) origin (credentials only to base_url's). */
  readonly allowedHosts: readonly string[] | undefined;
  /** Cap on every response body, counted decompressed. */
  readonly maxResponseBytes: number;
  /** `client.concurrency`: requests in flight at once for the whole source (every request kind). */
  readonly concurrency: number;
  /** `client.rate_limit`; undefined: no rate limit. */
  readonly rateLimit: RateLimitModel | undefined;
}

/** `client.rate_limit`: a rate shared by every request of a run. */
export interface RateLimitModel {
  readonly requestsPerSecond: number;
  /** Requests that may start at once; 1 when not set (evenly spaced, no 1-second window above `requestsPerSecond`). */
  readonly burst: number;
}

/** Run settings with defaults. */
export interface RunModel {
  readonly partMaxRecords: number;
  readonly partMaxBytes: number;
  readonly safetyMarginMs: number;
  readonly maxContinuations: number;
  readonly secretsTtlSeconds: number;
}

/** Deployment settings with defaults. */
export interface DeployModel {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly missedRunsAlarmPeriods: number;
  readonly logRetentionDays: number;
}

/** A secret reference found in the source, with the field that holds it. */
export interface SecretUse {
  /** Where in the definition, e.g. `client.auth.client_secret`. */
  readonly field: string;
  /** The SSM parameter path it resolves to. */
  readonly parameter: string;
  /** True for an `oauth2_refresh_token` refresh token, which is written back when rotated. */
  readonly rotated: boolean;
  /** A credential (scrubbed from records, length-checked); false for identifiers such as `username` or `client_id`. */
  readonly credential: boolean;
}

/** A validated, normalized source. */
export interface SourceModel {
  readonly name: string;
  readonly schedule: string | undefined;
  readonly timezone: string;
  readonly secretsPrefix: string;
  readonly allowPlaintextSecrets: boolean;
  /** `allow_short_secrets`: credentials shorter than 8 characters are accepted (and redacted only as whole values). */
  readonly allowShortSecrets: boolean;
  readonly client: ClientModel;
  /** Parents before children; order of declaration otherwise. */
  readonly resources: readonly ResourceModel[];
  readonly run: RunModel;
  readonly deploy: DeployModel;
  /** Every secret reference of the source. */
  readonly secrets: readonly SecretUse[];
  /** The definition as written (after validation), for bundling and display. */
  readonly definition: unknown;
}
