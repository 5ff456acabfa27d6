/**
 * Every default of a source definition, in one frozen place. Normalization
 * applies them once; nothing else in the engine carries its own fallback.
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
  onCursorValueMissing: 'raise' as const,
  lag: 0,
  /** dlt's default: every run adds its records. */
  writeDisposition: 'append' as const,
  /** dlt's range: the start value is in the window, the end value is not. */
  rangeStart: 'closed' as const,
  rangeEnd: 'open' as const,
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

export { CREDENTIAL_FIELDS } from '../secrets/credentialFields';
