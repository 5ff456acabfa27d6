/**
 * The source definition schema: one zod definition yields the runtime
 * validator, the TypeScript types and `schema/source.schema.json` for editors.
 * Key names follow the dlt REST API source so that a dlt config moves over by
 * replacing only its secret lookups. Objects are strict: an unknown key (a typo)
 * is an error, never a silently ignored option.
 *
 * Cross-field rules (plaintext secrets, parent references, duplicate resource
 * names, custom auth and paginator types) are checked in `validateSource.ts`, which reports
 * them together with the schema's own issues.
 */
import * as z from 'zod';
import { BUILT_IN_AUTH_TYPES } from './authTypes';
import { BUILT_IN_PAGINATOR_TYPES, isBuiltInPaginatorType } from './paginatorTypes';
import { DEFAULTS } from './defaults';
import { RESOURCE_NAME, SOURCE_NAME } from './names';

/** Paginator defaults, for the descriptions. */
const P = DEFAULTS.paginators;
import { DESTINATION_HINTS, type DestinationHint } from './destinationHints';

const SECRET_NAME = /^[A-Za-z0-9_.\-/]+$/;

/** `{ "ssm": "/path" }` or `{ "secret": "name" }`. */
export const SecretRefSchema = z.union([
  z.strictObject({
    ssm: z
      .string()
      .regex(/^\/[A-Za-z0-9_.\-/]+$/, 'an SSM parameter path starts with "/" and holds only letters, digits and _.-/')
      .describe('Full SSM parameter path, e.g. /acme/prod/api_token'),
  }),
  z.strictObject({
    secret: z
      .string()
      .regex(SECRET_NAME, 'a secret name holds only letters, digits and _.-/')
      .describe('Name under <secrets_prefix>/<source name>/, e.g. api_token'),
  }),
]);

/** A plain string or a secret reference. */
export const StringOrSecretSchema = z.union([z.string(), SecretRefSchema]);

const HeadersSchema = z
  .record(z.string().min(1), StringOrSecretSchema)
  .describe('HTTP headers; a value may be a secret reference');

const HttpUrlSchema = z
  .string()
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL, e.g. https://api.example.com/v1/');

const JsonPathSchema = z.string().min(1).describe('A JSONPath (RFC 9535), with or without the leading "$."');

// ---------------------------------------------------------------- auth

/**
 * A custom branch refuses a built-in name at its own root (not at `type`) and
 * aborts, so that of the union's branches a built-in block with wrong fields
 * reports those fields, never this branch.
 */
const NOT_BUILT_IN = { message: 'a built-in type', abort: true } as const;


/** `bearer`: sends `Authorization: Bearer <token>`. */
export const BearerAuthSchema = z.strictObject({
  type: z.literal('bearer'),
  token: StringOrSecretSchema.describe('The token (a secret reference)'),
});

/** dlt's `{"token": …}` without a `type`: bearer. */
export const BearerShorthandAuthSchema = z.strictObject({
  token: StringOrSecretSchema.describe('The token (a secret reference); a block with only a token is bearer, as in dlt'),
});

/** `api_key`: a key in a header (default `Authorization`), a query parameter or a cookie. */
export const ApiKeyAuthSchema = z.strictObject({
  type: z.literal('api_key'),
  name: StringOrSecretSchema.optional().describe(`Header, query parameter or cookie name (default "${DEFAULTS.auth.apiKeyName}")`),
  api_key: StringOrSecretSchema.describe('The key (a secret reference)'),
  location: z
    .enum(['header', 'query', 'param', 'cookie'])
    .optional()
    .describe(`"header", "query" (dlt also calls it "param") or "cookie" (default "${DEFAULTS.auth.apiKeyLocation}")`),
});

/** `http_basic`: `Authorization: Basic base64(username:password)`. */
export const HttpBasicAuthSchema = z.strictObject({
  type: z.literal('http_basic'),
  username: StringOrSecretSchema,
  password: StringOrSecretSchema.optional().describe('Absent means the empty password (Stripe style)'),
});

const OAuth2Common = {
  access_token_url: z.union([HttpUrlSchema, SecretRefSchema]).describe('The token endpoint (absolute http(s) URL)'),
  scopes: z.union([z.string(), z.array(z.string())]).optional().describe('Scope(s), sent space-separated'),
  audience: StringOrSecretSchema.optional(),
  access_token_request_data: z
    .record(z.string(), StringOrSecretSchema)
    .optional()
    .describe('Extra form fields, merged last (they may override grant_type)'),
  client_auth: z
    .enum(['body', 'basic'])
    .optional()
    .describe(`"body": id and secret as form fields; "basic": Authorization: Basic header (default "${DEFAULTS.auth.clientAuth}")`),
  default_token_expiration: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(`Seconds a token lives when the response has no expires_in (default ${DEFAULTS.auth.tokenExpirationSeconds})`),
};

/** `oauth2_client_credentials`: the client-credentials grant. */
export const OAuth2ClientCredentialsAuthSchema = z.strictObject({
  type: z.literal('oauth2_client_credentials'),
  client_id: StringOrSecretSchema,
  client_secret: StringOrSecretSchema,
  ...OAuth2Common,
});

/** `oauth2_refresh_token`: the refresh-token grant; a rotated refresh token is written back to SSM. */
export const OAuth2RefreshTokenAuthSchema = z.strictObject({
  type: z.literal('oauth2_refresh_token'),
  client_id: StringOrSecretSchema.optional(),
  client_secret: StringOrSecretSchema.optional(),
  refresh_token: SecretRefSchema.describe('Must be a secret reference: a rotated token is written back to it'),
  ...OAuth2Common,
});

export { BUILT_IN_AUTH_TYPES } from './authTypes';

/** A strategy registered with `registerAuth(type, factory)`; its own factory validates its fields. */
export const CustomAuthSchema = z
  .looseObject({ type: z.string().min(1) })
  // At the branch root and aborting, so that a built-in type with wrong fields reports those fields, never this branch.
  .refine((a) => !(BUILT_IN_AUTH_TYPES as readonly string[]).includes(a.type), NOT_BUILT_IN);

/** Any `auth` block. Unknown `type`s are checked against the registry in `validateSource.ts`. */
export const AuthSchema = z.union([
  z.discriminatedUnion('type', [
    BearerAuthSchema,
    ApiKeyAuthSchema,
    HttpBasicAuthSchema,
    OAuth2ClientCredentialsAuthSchema,
    OAuth2RefreshTokenAuthSchema,
  ]),
  BearerShorthandAuthSchema,
  CustomAuthSchema,
]);

// ---------------------------------------------------------------- paginators

const hasMorePath = JsonPathSchema.optional().describe('A boolean in the body; false ends pagination');
const concurrency = z
  .number()
  .int()
  .min(1)
  .max(32)
  .optional()
  .describe(`Fetch up to N pages at once once the total is known from the first page (default ${P.offset.concurrency})`);

/** `json_link`: the next URL is in the body. */
export const JsonLinkPaginatorSchema = z.strictObject({
  type: z.literal('json_link'),
  next_url_path: JsonPathSchema.optional().describe('Where the next URL is (default: detected)'),
  has_more_path: hasMorePath,
});

/** `header_link`: RFC 8288 `Link` header. */
export const HeaderLinkPaginatorSchema = z.strictObject({
  type: z.literal('header_link'),
  links_next_key: z.string().optional().describe(`The rel of the next link (default "${P.header_link.linksNextKey}")`),
  has_more_path: hasMorePath,
});

/** dlt's `json_response`: the deprecated name of `json_link`, accepted with its meaning. */
export const JsonResponsePaginatorSchema = JsonLinkPaginatorSchema.extend({ type: z.literal('json_response') });

/** dlt refuses a numeric paginator that can never stop, when it is constructed; so does validation. */
function stopsSomehow(maximum: 'maximum_offset' | 'maximum_page') {
  return (p: { total_path?: string | null; has_more_path?: string; stop_after_empty_page?: boolean } & Partial<Record<typeof maximum, number>>): boolean =>
    !(p.total_path === null && p[maximum] === undefined && p.has_more_path === undefined && p.stop_after_empty_page === false);
}

function stopMessage(maximum: string): string {
  return `one of total_path, ${maximum}, has_more_path or stop_after_empty_page must be given: without any this paginator never stops (dlt refuses it too)`;
}

function notBoth(a: string, b: string): [(p: Record<string, unknown>) => boolean, { message: string; path: PropertyKey[] }] {
  return [(p) => !(p[a] !== undefined && p[b] !== undefined), { message: `either ${a} or ${b}, not both`, path: [b] }];
}

/** `offset`: offset/limit query parameters (or JSON body paths). */
export const OffsetPaginatorSchema = z.strictObject({
  type: z.literal('offset'),
  limit: z.number().int().positive(),
  offset: z.number().int().min(0).optional().describe(`Initial offset (default ${P.offset.offset})`),
  offset_param: z.string().optional().describe(`default "${P.offset.offsetParam}"`),
  limit_param: z.string().optional().describe(`default "${P.offset.limitParam}"`),
  offset_body_path: z.string().min(1).optional().describe('A dotted path in the JSON body that receives the offset instead of offset_param'),
  limit_body_path: z.string().min(1).optional().describe('A dotted path in the JSON body that receives the limit instead of limit_param'),
  total_path: JsonPathSchema.nullable().optional().describe(`default "${P.offset.totalPath}"; null: no total`),
  maximum_offset: z.number().int().positive().optional(),
  stop_after_empty_page: z.boolean().optional().describe(`default ${P.offset.stopAfterEmptyPage}`),
  has_more_path: hasMorePath,
  concurrency,
})
  .refine(stopsSomehow('maximum_offset'), { message: stopMessage('maximum_offset') })
  .refine(...notBoth('offset_param', 'offset_body_path'))
  .refine(...notBoth('limit_param', 'limit_body_path'));

/** `page_number`: page number query parameter (or a JSON body path). */
export const PageNumberPaginatorSchema = z.strictObject({
  type: z.literal('page_number'),
  base_page: z.number().int().min(0).optional().describe(`The first page number (default ${P.page_number.basePage})`),
  page: z.number().int().min(0).optional().describe('The page to start at (default base_page)'),
  page_param: z.string().optional().describe(`default "${P.page_number.pageParam}"`),
  page_body_path: z.string().min(1).optional().describe('A dotted path in the JSON body that receives the page instead of page_param'),
  total_path: JsonPathSchema.nullable().optional().describe(`The total page count (default "${P.page_number.totalPath}"); null: none`),
  maximum_page: z.number().int().positive().optional(),
  stop_after_empty_page: z.boolean().optional().describe(`default ${P.page_number.stopAfterEmptyPage}`),
  has_more_path: hasMorePath,
  concurrency,
})
  .refine(stopsSomehow('maximum_page'), { message: stopMessage('maximum_page') })
  .refine(...notBoth('page_param', 'page_body_path'));

/** `cursor`: a cursor from the body, sent as a query parameter or in the POST body. */
export const CursorPaginatorSchema = z.strictObject({
  type: z.literal('cursor'),
  cursor_path: JsonPathSchema.optional().describe(`default "${P.cursor.cursorPath}"`),
  cursor_param: z.string().optional().describe(`default "${P.cursor.cursorParam}"`),
  cursor_body_path: z.string().optional().describe('A dotted path in the JSON body of a POST'),
  stop_after_empty_page: z.boolean().optional().describe(`An empty page ends pagination even with a cursor left (default ${P.cursor.stopAfterEmptyPage})`),
  has_more_path: hasMorePath,
});

/** `header_cursor`: a cursor from a response header. */
export const HeaderCursorPaginatorSchema = z.strictObject({
  type: z.literal('header_cursor'),
  cursor_key: z.string().optional().describe(`The response header (default "${P.header_cursor.cursorKey}")`),
  cursor_param: z.string().optional().describe(`default "${P.header_cursor.cursorParam}"`),
  has_more_path: hasMorePath,
});

/** `single_page`: one request, no pagination. */
export const SinglePagePaginatorSchema = z.strictObject({ type: z.literal('single_page') });

/** `auto`: detect from the first response (the default). */
export const AutoPaginatorSchema = z.strictObject({ type: z.literal('auto') });

export { BUILT_IN_PAGINATOR_TYPES } from './paginatorTypes';

/** A paginator registered with `registerPaginator(type, factory)`, in full; its own factory validates its fields (called from `validateSource.ts`). */
export const CustomPaginatorSchema = z.looseObject({ type: z.string() }).refine((p) => !isBuiltInPaginatorType(p.type), NOT_BUILT_IN);

/** A registered paginator by its type name alone (the factory then sees `{ type }`). */
export const CustomPaginatorNameSchema = z.string().refine((type) => !isBuiltInPaginatorType(type), NOT_BUILT_IN);

/**
 * A paginator object, or its type name alone with every default (dlt's string
 * shorthand; `offset` needs its `limit`). Unknown `type`s are checked against
 * the registry in `validateSource.ts`.
 */
export const PaginatorSchema = z.union([
  z
    .enum(BUILT_IN_PAGINATOR_TYPES)
    .refine((t) => t !== 'offset', { message: 'paginator "offset" requires arguments: write {"type": "offset", "limit": <page size>}' }),
  z.discriminatedUnion('type', [
    JsonLinkPaginatorSchema,
    JsonResponsePaginatorSchema,
    HeaderLinkPaginatorSchema,
    OffsetPaginatorSchema,
    PageNumberPaginatorSchema,
    CursorPaginatorSchema,
    HeaderCursorPaginatorSchema,
    SinglePagePaginatorSchema,
    AutoPaginatorSchema,
  ]),
  CustomPaginatorNameSchema,
  CustomPaginatorSchema,
]);

// ---------------------------------------------------------------- endpoint

/** `incremental`: load only what changed since the last committed run. */
export const IncrementalSchema = z.strictObject({
  cursor_path: JsonPathSchema.describe('Where the cursor value is in each record, e.g. "updated_at"'),
  initial_value: z.union([z.string(), z.number()]).optional().describe('The start value of the first run'),
  end_value: z.union([z.string(), z.number()]).optional().describe('Stop at this value (exclusive)'),
  start_param: z.string().optional().describe('Query parameter that receives the start value'),
  end_param: z.string().optional().describe('Query parameter that receives the end value'),
  lag: z
    .number()
    .min(0)
    .optional()
    .describe(`Re-read this far behind the last value: seconds for timestamps, units for numbers (default ${DEFAULTS.lag})`),
  on_cursor_value_missing: z
    .enum(['raise', 'include', 'exclude'])
    .optional()
    .describe(`A record without the cursor field: "raise" fails the resource, "include" keeps it, "exclude" drops it (default "${DEFAULTS.onCursorValueMissing}")`),
  range_start: z
    .enum(['open', 'closed'])
    .optional()
    .describe('"closed" (default): records at the start value are read again (and deduplicated); "open": they are not'),
  range_end: z.enum(['open', 'closed']).optional().describe('"open" (default): records at end_value are excluded; "closed": included'),
  row_order: z
    .enum(['asc', 'desc'])
    .optional()
    .describe('The order the API returns cursor values in; pages stop once values leave the window, and "asc" lets a run cut short by max_pages move the state'),
  datetime_format: z
    .string()
    .min(1)
    .optional()
    .describe('strftime format of date-time cursor values that are not ISO 8601, e.g. "%d/%m/%Y %H:%M:%S"'),
  convert: z
    .custom<(value: unknown) => unknown>((v) => typeof v === 'function', {
      message:
        'convert is a function (dlt: applied to the start and end values before they are sent), so it exists only in a TypeScript source: `incremental: { convert: (value) => … }` in sources/<name>.ts; a JSON source cannot hold one',
    })
    .optional()
    .describe('TypeScript sources only: a function applied to the start and end values before they are sent'),
});

/** One `response_actions` rule, checked in order before the default handling. */
export const ResponseActionSchema = z
  .strictObject({
    status_code: z.number().int().min(100).max(599).optional(),
    content: z.string().optional().describe('A substring of the response body'),
    action: z.enum(['ignore', 'retry', 'fail']),
  })
  .refine((a) => a.status_code !== undefined || a.content !== undefined, {
    message: 'a response action needs status_code, content or both',
  });

/** HTTP methods an endpoint may use, in any case. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The request a resource makes. */
export const EndpointSchema = z.strictObject({
  path: z.string().optional().describe('Relative to base_url (default: the resource name); an absolute URL is used as is'),
  method: z
    .string()
    .regex(new RegExp(`^(?:${HTTP_METHODS.join('|')})$`, 'i'), `one of ${HTTP_METHODS.join(', ')} (any case)`)
    .optional()
    .describe('GET (default), POST, PUT, PATCH or DELETE, in any case'),
  params: z.record(z.string(), z.unknown()).optional().describe('Query parameters; placeholders allowed'),
  json: z.unknown().optional().describe('JSON body; placeholders allowed'),
  data: z
    .union([z.record(z.string(), z.unknown()), z.string()])
    .optional()
    .describe('Form body (application/x-www-form-urlencoded) from an object, or a raw body from a string; placeholders allowed'),
  headers: HeadersSchema.optional(),
  data_selector: JsonPathSchema.optional().describe('Where the records are (default: detected)'),
  paginator: PaginatorSchema.optional(),
  incremental: IncrementalSchema.optional(),
  response_actions: z.array(ResponseActionSchema).optional(),
  auth: AuthSchema.optional().describe('Overrides client.auth for this endpoint'),
});

const PrimaryKeySchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** One of dlt's `processing_steps`: a function each, which only a TypeScript source can hold. */
const stepFunction = (name: string) =>
  z
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a record is whatever the API returned
    .custom<(record: any) => unknown>((v) => typeof v === 'function', {
      message: `${name} must be a function, which a JSON source cannot hold: write this source in TypeScript (a .ts file exporting defineSource({...})) and pass ${name}: (record) => …`,
    })
    .optional();

/** `processing_steps`: filter, map and yield_map functions, applied in order to each record before it is written. */
export const ProcessingStepSchema = z
  .strictObject({
    filter: stepFunction('filter').describe('(record) => boolean: false drops the record'),
    map: stepFunction('map').describe('(record) => record: replaces the record'),
    yield_map: stepFunction('yield_map').describe('(record) => iterable of records: replaces the record with zero or more'),
  })
  .refine((s) => [s.filter, s.map, s.yield_map].filter((f) => f !== undefined).length === 1, {
    message: 'a processing step has exactly one of filter, map or yield_map',
  });

/** dlt resource keys sluice accepts beyond the endpoint: `parallelized`, `processing_steps` and the destination-only hints. */
const DltResourceFields = {
  parallelized: z.boolean().optional().describe("dlt's parallelized: a child runs up to client.concurrency parent chains at once; top-level parallelized resources run at the same time as one another"),
  processing_steps: z.array(ProcessingStepSchema).optional().describe('TypeScript sources only: filter/map/yield_map functions, in order'),
  ...(Object.fromEntries(
    Object.keys(DESTINATION_HINTS).map((key) => [key, z.unknown().optional().describe('dlt destination hint: accepted, no effect on JSON Lines (validate warns)')]),
  ) as Record<DestinationHint, z.ZodOptional<z.ZodUnknown>>),
};

/** dlt's write dispositions, in the order of the docs. */
export const WRITE_DISPOSITIONS = ['append', 'replace', 'merge'] as const;

const DispositionNameSchema = z.enum(WRITE_DISPOSITIONS);

/**
 * `write_disposition`: a name or dlt's `{"disposition": …}` object. Of dlt's merge
 * strategies, `delete-insert` and `upsert` keep the latest record per primary key,
 * which is what the committed view does; `scd2` keeps history rows and is refused.
 */
export const WriteDispositionSchema = z
  .union([
    DispositionNameSchema,
    z.strictObject({
      disposition: DispositionNameSchema,
      strategy: z
        .enum(['delete-insert', 'upsert'])
        .optional()
        .describe('merge only: "delete-insert" (default) or "upsert"; both keep the latest record per primary key'),
    }),
  ])
  .describe('How runs add up in the committed view: "append" (default), "replace" (the latest run) or "merge" (latest per primary_key)');

const TableNameSchema = z
  .string()
  .regex(RESOURCE_NAME, 'a table name holds letters, digits, "_" and "-"')
  .describe('The output folder and table of the resource (default: its name)');

const MergeKeySchema = PrimaryKeySchema.describe(
  "dlt's merge_key, for merge: a run that holds a merge_key value replaces every earlier record of that value (delete-insert)",
);

const ResourceFields = {
  ...DltResourceFields,
  endpoint: z.union([z.string(), EndpointSchema]).optional(),
  primary_key: PrimaryKeySchema.optional().describe('Field(s) that identify a record'),
  include_from_parent: z.array(z.string().min(1)).optional().describe('Parent fields copied as _<parent>_<field>'),
  selected: z.boolean().optional().describe(`false: fetched only for its children, not written (default ${DEFAULTS.selected})`),
  max_pages: z.number().int().positive().optional().describe('A safety guard: stop after this many pages per request chain'),
  write_disposition: WriteDispositionSchema.optional(),
  merge_key: MergeKeySchema.optional(),
  table_name: TableNameSchema.optional(),
};

/** A resource object. */
export const ResourceObjectSchema = z.strictObject({
  name: z
    .string()
    .regex(RESOURCE_NAME, 'a resource name holds letters, digits, "_" and "-"')
    .describe('The resource name (also its S3 folder and table unless table_name is set)'),
  ...ResourceFields,
});

/** A resource: a name (also its path) or an object. */
export const ResourceSchema = z.union([
  z.string().regex(RESOURCE_NAME, 'a resource name holds letters, digits, "_" and "-"'),
  ResourceObjectSchema,
]);

/** Defaults merged under every resource (`params` and `json` one level deep; the resource wins). */
export const ResourceDefaultsSchema = z.strictObject({
  ...DltResourceFields,
  endpoint: EndpointSchema.partial().optional(),
  primary_key: PrimaryKeySchema.optional(),
  include_from_parent: z.array(z.string()).optional(),
  selected: z.boolean().optional(),
  max_pages: z.number().int().positive().optional(),
  write_disposition: WriteDispositionSchema.optional(),
  merge_key: MergeKeySchema.optional(),
});

// ---------------------------------------------------------------- client, source

/** Retry policy for 408, 429, 5xx and network errors. */
export const RetriesSchema = z.strictObject({
  limit: z.number().int().min(0).max(20).optional().describe(`Retries after the first attempt (default ${DEFAULTS.retries.limit})`),
  max_delay_ms: z.number().int().min(0).optional().describe(`Cap on any one wait, Retry-After included (default ${DEFAULTS.retries.maxDelayMs})`),
});

/** `client.rate_limit`: a request rate shared by every request of a run, token requests included. */
export const RateLimitSchema = z.strictObject({
  requests_per_second: z
    .number()
    .positive()
    .max(10_000)
    .describe('Requests per second at most: without burst, requests are spaced so that no 1-second window holds more than this'),
  burst: z.number().int().min(1).max(10_000).optional().describe('Requests that may start at once; the long-run rate stays requests_per_second (default: none, requests evenly spaced)'),
});

/** The HTTP client every resource shares. */
export const ClientSchema = z.strictObject({
  base_url: HttpUrlSchema.describe('The API base URL; credentials are sent only to its origin'),
  headers: HeadersSchema.optional(),
  auth: AuthSchema.optional(),
  paginator: PaginatorSchema.optional().describe(`default "${DEFAULTS.paginator}"`),
  timeout_ms: z.number().int().positive().optional().describe(`Per-request timeout (default ${DEFAULTS.timeoutMs})`),
  retries: RetriesSchema.optional(),
  max_pages: z.number().int().positive().optional().describe('Safety guard per resource (default: no limit)'),
  allowed_hosts: z
    .array(z.string().min(1))
    .optional()
    .describe('Hosts that next-page URLs may point to, compared as origins: "host", "host:port" or "https://host" (default: any http(s) host; credentials only to base_url)'),
  max_response_bytes: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(`Cap on every response body, counted decompressed; a larger body fails the run (default ${DEFAULTS.maxResponseBytes}, 64 MiB)`),
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(64)
    .optional()
    .describe(`Requests in flight at once for the whole source: pages, redirects, retries, token and login requests (default ${DEFAULTS.concurrency})`),
  rate_limit: RateLimitSchema.optional().describe('A request rate for the whole source, token requests included (default: none)'),
});

/** How a run writes and continues; every field has a default. */
export const RunOptionsSchema = z.strictObject({
  part_max_records: z.number().int().positive().optional().describe(`Roll a part file over after N records (default ${DEFAULTS.run.partMaxRecords})`),
  part_max_bytes: z.number().int().positive().optional().describe(`…or after N uncompressed bytes (default ${DEFAULTS.run.partMaxBytes})`),
  safety_margin_ms: z.number().int().min(0).optional().describe(`Continue in a new invocation when less is left (default ${DEFAULTS.run.safetyMarginMs})`),
  max_continuations: z.number().int().min(0).optional().describe(`Longest continuation chain (default ${DEFAULTS.run.maxContinuations})`),
  secrets_ttl_seconds: z.number().int().min(0).optional().describe(`How long resolved secrets are cached (default ${DEFAULTS.run.secretsTtlSeconds})`),
});

/** Deployment settings used by the CDK app. */
export const DeploySchema = z.strictObject({
  memory_mb: z.number().int().min(128).max(10240).optional().describe(`Lambda memory (default ${DEFAULTS.deploy.memoryMb})`),
  timeout_seconds: z.number().int().min(10).max(900).optional().describe(`Lambda timeout (default ${DEFAULTS.deploy.timeoutSeconds})`),
  missed_runs_alarm_periods: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(`Alarm when no run succeeded within N schedule periods (default ${DEFAULTS.deploy.missedRunsAlarmPeriods})`),
  log_retention_days: z.number().int().positive().optional().describe(`default ${DEFAULTS.deploy.logRetentionDays}`),
});

/** A source definition: one REST API. */
export const SourceSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z
    .string()
    .regex(SOURCE_NAME, 'lowercase letters, digits and dashes, starting with a letter or digit')
    .max(48)
    .describe('Unique across sources/'),
  schedule: z
    .string()
    .optional()
    .describe('EventBridge Scheduler expression: rate(1 hour), cron(0 2 * * ? *); required to deploy'),
  timezone: z.string().optional().describe(`IANA time zone for cron expressions (default ${DEFAULTS.timezone})`),
  secrets_prefix: z
    .string()
    .regex(/^\/[A-Za-z0-9_.\-/]*$/, 'an SSM path prefix starting with "/"')
    .optional()
    .describe(`Where {"secret": name} references live (default ${DEFAULTS.secretsPrefix})`),
  allow_plaintext_secrets: z.boolean().optional().describe('Accept credentials as plain strings (local experiments only)'),
  allow_short_secrets: z
    .boolean()
    .optional()
    .describe('Accept credentials shorter than 8 characters (redacted only where they stand whole); default false'),
  client: ClientSchema,
  resource_defaults: ResourceDefaultsSchema.optional(),
  resources: z.array(ResourceSchema).min(1, 'a source needs at least one resource'),
  run: RunOptionsSchema.optional(),
  deploy: DeploySchema.optional(),
});

/** A source definition as written by the user. */
export type SourceDefinition = z.input<typeof SourceSchema>;
/** Any `auth` block as written; `type` is absent only in dlt's bearer shorthand. */
export type AuthConfig = z.infer<typeof AuthSchema> & { readonly type?: string };
/** Built-in auth blocks, by type. */
export type BearerAuthConfig = z.infer<typeof BearerAuthSchema>;
export type ApiKeyAuthConfig = z.infer<typeof ApiKeyAuthSchema>;
export type HttpBasicAuthConfig = z.infer<typeof HttpBasicAuthSchema>;
export type OAuth2ClientCredentialsConfig = z.infer<typeof OAuth2ClientCredentialsAuthSchema>;
export type OAuth2RefreshTokenConfig = z.infer<typeof OAuth2RefreshTokenAuthSchema>;
/** Any paginator as written (object or name). */
export type PaginatorConfig = z.infer<typeof PaginatorSchema>;
export type JsonLinkPaginatorConfig = z.infer<typeof JsonLinkPaginatorSchema>;
export type HeaderLinkPaginatorConfig = z.infer<typeof HeaderLinkPaginatorSchema>;
export type OffsetPaginatorConfig = z.infer<typeof OffsetPaginatorSchema>;
export type PageNumberPaginatorConfig = z.infer<typeof PageNumberPaginatorSchema>;
export type CursorPaginatorConfig = z.infer<typeof CursorPaginatorSchema>;
export type HeaderCursorPaginatorConfig = z.infer<typeof HeaderCursorPaginatorSchema>;
/** `incremental` as written. */
export type IncrementalConfig = z.infer<typeof IncrementalSchema>;
/** One response action. */
export type ResponseAction = z.infer<typeof ResponseActionSchema>;
/** `endpoint` as an object. */
export type EndpointConfig = z.infer<typeof EndpointSchema>;
/** A resource object as written. */
export type ResourceConfig = z.infer<typeof ResourceObjectSchema>;
/** `write_disposition` as written. */
export type WriteDispositionConfig = z.infer<typeof WriteDispositionSchema>;
/** `client` as written. */
export type ClientConfig = z.infer<typeof ClientSchema>;
