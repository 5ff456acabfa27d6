/**
 * Every default of a source definition, in one frozen place. `normalizeSource`
 * applies them once and the schema's descriptions quote them; nothing else in
 * the engine carries its own fallback.
 */
export const DEFAULTS = Object.freeze({
  timezone: 'UTC',
  secretsPrefix: '/sluice',
  method: 'GET' as const,
  paginator: 'auto' as const,
  timeoutMs: 60_000,
  /** `client.max_response_bytes`: 64 MiB, decompressed. */
  maxResponseBytes: 64 * 1024 * 1024,
  retries: Object.freeze({ limit: 5, maxDelayMs: 300_000 }),
  /** `client.concurrency`: requests in flight at once for the whole source. */
  concurrency: 4,
  /** A resource's `selected`: written to the output. */
  selected: true,
  onCursorValueMissing: 'raise' as const,
  lag: 0,
  /** dlt's default: every run adds its records. */
  writeDisposition: 'append' as const,
  /** dlt's range: the start value is in the window, the end value is not. */
  rangeStart: 'closed' as const,
  rangeEnd: 'open' as const,
  auth: Object.freeze({
    /** `api_key.name`, as in dlt. */
    apiKeyName: 'Authorization',
    apiKeyLocation: 'header' as const,
    clientAuth: 'body' as const,
    /** `default_token_expiration`: seconds a token lives when the response has no `expires_in`. */
    tokenExpirationSeconds: 3600,
  }),
  /** Each paginator's defaults, by type, in the model's field names. */
  paginators: Object.freeze({
    json_link: Object.freeze({}),
    header_link: Object.freeze({ linksNextKey: 'next' }),
    offset: Object.freeze({ offset: 0, offsetParam: 'offset', limitParam: 'limit', totalPath: 'total' as string | null, stopAfterEmptyPage: true, concurrency: 1 }),
    /** `page` defaults to `basePage`. */
    page_number: Object.freeze({ basePage: 0, pageParam: 'page', totalPath: 'total' as string | null, stopAfterEmptyPage: true, concurrency: 1 }),
    /** `stopAfterEmptyPage` false, as in dlt. */
    cursor: Object.freeze({ cursorPath: 'cursors.next', cursorParam: 'cursor', stopAfterEmptyPage: false }),
    header_cursor: Object.freeze({ cursorKey: 'next', cursorParam: 'cursor' }),
    single_page: Object.freeze({}),
    auto: Object.freeze({}),
  }),
  run: Object.freeze({
    partMaxRecords: 100_000,
    partMaxBytes: 128 * 1024 * 1024,
    safetyMarginMs: 90_000,
    maxContinuations: 20,
    secretsTtlSeconds: 300,
  }),
  deploy: Object.freeze({
    memoryMb: 1024,
    timeoutSeconds: 900,
    missedRunsAlarmPeriods: 2,
    logRetentionDays: 30,
  }),
});
