/**
 * The public types of the fake SaaS API: its options, its records, the faults it
 * can inject, its request log and the handle a test holds.
 */

/** One record of a collection. Generated records also carry `value: id * 10`. */
export interface FakeRecord {
  id: number;
  name: string;
  /** An ISO 8601 timestamp; the `since`/`until` filters compare against it. */
  updated_at: string;
  [k: string]: unknown;
}

/** The secrets each auth scheme accepts. */
export interface FakeCredentials {
  /** `bearer` routes. @default 'test-bearer-token' */
  bearerToken: string;
  /** `apikey-header` (header `X-API-Key`) and `apikey-query` (query `api_key`) routes. @default 'test-api-key' */
  apiKey: string;
  /** `basic` routes. @default 'test-user' */
  basicUsername: string;
  /** `basic` routes; the empty string is allowed (Stripe style). @default 'test-password' */
  basicPassword: string;
  /** `POST /oauth/token` client authentication. @default 'test-client-id' */
  clientId: string;
  /** `POST /oauth/token` client authentication. @default 'test-client-secret' */
  clientSecret: string;
  /** The refresh token that is valid when the server starts. @default 'test-refresh-token-0' */
  refreshToken: string;
  /** `POST /login`. @default 'login-user' */
  loginUsername: string;
  /** `POST /login`. @default 'login-password' */
  loginPassword: string;
}

/** Options of `startFakeApi`. */
export interface FakeApiOptions {
  /**
   * The collections served; a number N generates records 1..N. Replaces the default.
   * @default { items: 250, users: 30 }
   */
  readonly collections?: Record<string, number | FakeRecord[]>;
  /** Overrides of the default credentials. */
  readonly credentials?: Partial<FakeCredentials>;
  /** Lifetime of OAuth2 access tokens, in seconds. @default 3600 */
  readonly tokenLifetimeSeconds?: number;
  /** The token response sends `expires_in` as a string (`"3600"`). @default false */
  readonly expiresInAsString?: boolean;
  /** The token response has no `expires_in` (the token still expires server-side). @default false */
  readonly omitExpiresIn?: boolean;
  /** Each refresh_token grant returns a new refresh token and invalidates the old one. @default true */
  readonly rotateRefreshTokens?: boolean;
  /** `json-link` emits relative next URLs (`/public/json-link/items?cursor=…`). @default false */
  readonly relativeNextLinks?: boolean;
  /** How many comments each parent record has. @default 3 */
  readonly childrenPerParent?: number;
  /**
   * The clock, in epoch milliseconds: token expiry and the log's `at` use it, so a
   * test can expire a token by advancing it instead of waiting.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * Answers 429 to a request that arrives while `maxInFlight` others are in flight
   * (an API that limits concurrent requests per client), with `Retry-After` when set.
   * @default no limit
   */
  readonly throttle?: { readonly maxInFlight: number; readonly retryAfter?: string };
}

/** The kinds of fault {@link FakeApi.addFault} can inject. */
export type FaultKind = 'status' | 'drop' | 'drop-mid-body' | 'slow' | 'malformed-json' | 'html' | 'expire-token';

/**
 * A fault to inject into matching requests. Faults are checked in the order they
 * were added, before auth and routing; the first one that fires answers the request.
 * @example api.addFault({ path: '/public/offset/items', kind: 'status', status: 429, retryAfter: 2, times: 2 })
 */
export interface FaultSpec {
  /** Matched against the request path (no query): a string is a prefix, a RegExp is tested. */
  path: string | RegExp;
  /** How many matching requests it hits. @default 1 (Infinity allowed) */
  times?: number;
  /** Let this many matching requests pass this fault first (requests another fault answers count too). @default 0 */
  skip?: number;
  kind: FaultKind;
  /** For 'status'. @default 500 */
  status?: number;
  /** For 'status': `Retry-After` seconds, `'date'` (an HTTP date `retryAfterSeconds` ahead), or a verbatim value. */
  retryAfter?: number | 'date' | string;
  /** For `retryAfter: 'date'`. @default 1 */
  retryAfterSeconds?: number;
  /** For 'status': the body. @default a JSON error `{ "error": "injected fault", "status": N }` */
  body?: string;
  /** For 'slow': how long to wait before answering normally. @default 1000 */
  delayMs?: number;
}

/** One request the server received. */
export interface LoggedRequest {
  method: string;
  /** The path, without the query, as received (percent-encoding kept). */
  path: string;
  /** The decoded query; a repeated parameter is an array. */
  query: Record<string, string | string[]>;
  /** The request target as received: path and query, e.g. `/public/offset/items?limit=5`. */
  url: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
  /** The status sent; 0 while pending, and for drops (socket destroyed without a response). */
  status: number;
  /** Arrival time, epoch milliseconds from the `now` clock. */
  at: number;
  /** When the response was finished or the connection went away (the `now` clock); undefined while pending. */
  endedAt?: number;
  /** Requests in flight when this one arrived, itself included: what a concurrency limit is checked against. */
  inFlight: number;
}

/** A running fake API. */
export interface FakeApi {
  /** `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  readonly port: number;
  /** Every request, in arrival order (the live array; `clearLog` empties it in place). */
  readonly requests: LoggedRequest[];
  /** Successful `/oauth/token` responses, all grants. */
  readonly tokensIssued: number;
  /** The refresh token the server accepts now. */
  readonly currentRefreshToken: string;
  readonly credentials: Readonly<FakeCredentials>;
  /** A copy of the records of a collection; throws for an unknown collection. */
  records(collection: string): FakeRecord[];
  /** A copy of the comments of one parent; [] when the parent does not exist. */
  childRecords(collection: string, parentId: number): FakeRecord[];
  /** Replaces (or adds) a collection; the records are copied and sorted by id. */
  setRecords(collection: string, records: FakeRecord[]): void;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Empties `requests`. */
  clearLog(): void;
  /** Invalidates every issued access token and session token. */
  revokeTokens(): void;
  /** Destroys open sockets, cancels slow responses and stops listening. Idempotent. */
  close(): Promise<void>;
}
