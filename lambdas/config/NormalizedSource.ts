/**
 * The source as the engine sees it: validated, every default applied once,
 * resource defaults merged, string shorthands expanded, parents resolved and
 * resources ordered so that a parent always comes before its children.
 */
import type { HttpMethod } from '../model/EndpointModel';
import type { IncrementalModel } from '../model/IncrementalModel';
import type { StringOrSecret } from '../secrets/SecretRef';
import type { AuthConfig, IncrementalConfig, PaginatorConfig, ResponseAction } from './schema';

/** A paginator block with the shorthand name expanded to `{ type }` and dlt's `json_response` named `json_link`. */
export type NormalizedPaginator = Exclude<Exclude<PaginatorConfig, string>, { type: 'json_response' }>;

/** The request a resource makes, with every default applied. */
export interface NormalizedEndpoint {
  /** Relative to `base_url`, or an absolute URL; may hold placeholders. */
  readonly path: string;
  readonly method: HttpMethod;
  readonly params: Readonly<Record<string, unknown>>;
  readonly json: unknown;
  /** dlt's `data`: a form body (object) or a raw body (string); may hold placeholders. */
  readonly data?: Readonly<Record<string, unknown>> | string;
  /** Client headers merged under endpoint headers. */
  readonly headers: Readonly<Record<string, StringOrSecret>>;
  readonly dataSelector: string | undefined;
  readonly paginator: NormalizedPaginator;
  readonly incremental: NormalizedIncremental | undefined;
  readonly responseActions: readonly ResponseAction[];
  /** The endpoint's auth, else the client's, else none. */
  readonly auth: AuthConfig | undefined;
}

/** `incremental` with its defaults: the keys as written, and the model the cursor runs on. */
export interface NormalizedIncremental extends Omit<IncrementalConfig, 'lag'>, IncrementalModel {}

/** A resource's link to its parent, from `{resources.<parent>.<field>}` placeholders. */
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
export interface NormalizedResource {
  readonly name: string;
  /** The output folder and table; default `name`. */
  readonly tableName: string;
  readonly endpoint: NormalizedEndpoint;
  readonly primaryKey: readonly string[] | undefined;
  /** dlt's `merge_key`: recorded in the manifest, not applied by the committed view. */
  readonly mergeKey: readonly string[] | undefined;
  readonly writeDisposition: WriteDisposition;
  /** false: fetched only for its children, not written. */
  readonly selected: boolean;
  readonly parent: ParentLink | undefined;
  /** Pages per request chain at most (resource, else client); undefined: no limit. */
  readonly maxPages: number | undefined;
  /** dlt's `parallelized` (its chains may run concurrently); for now they run one after another. */
  readonly parallelized?: boolean;
  /** dlt's `processing_steps` (TypeScript sources), applied in order before a record is written. */
  readonly processingSteps?: readonly ProcessingStep[];
}

/** One `processing_steps` entry: exactly one function. */
export type ProcessingStep =
  | { readonly filter: (record: never) => unknown }
  | { readonly map: (record: never) => unknown }
  | { readonly yield_map: (record: never) => Iterable<unknown> };

/** The HTTP client settings every resource shares. */
export interface NormalizedClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retries: { readonly limit: number; readonly maxDelayMs: number };
  readonly allowedHosts: readonly string[] | undefined;
  /** Cap on every response body, counted decompressed. */
  readonly maxResponseBytes: number;
}

/** Run settings with defaults. */
export interface NormalizedRunOptions {
  readonly partMaxRecords: number;
  readonly partMaxBytes: number;
  readonly safetyMarginMs: number;
  readonly maxContinuations: number;
  readonly secretsTtlSeconds: number;
}

/** Deployment settings with defaults. */
export interface NormalizedDeploy {
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
export interface NormalizedSource {
  readonly name: string;
  readonly schedule: string | undefined;
  readonly timezone: string;
  readonly secretsPrefix: string;
  readonly allowPlaintextSecrets: boolean;
  /** `allow_short_secrets`: credentials shorter than 8 characters are accepted (and redacted only as whole values). */
  readonly allowShortSecrets: boolean;
  readonly client: NormalizedClient;
  /** Parents before children; order of declaration otherwise. */
  readonly resources: readonly NormalizedResource[];
  readonly run: NormalizedRunOptions;
  readonly deploy: NormalizedDeploy;
  /** Every secret reference of the source. */
  readonly secrets: readonly SecretUse[];
  /** The definition as written (after validation), for bundling and display. */
  readonly definition: unknown;
}
