/**
 * The one interface every auth strategy implements: apply credentials to a
 * request. The HTTP client calls it only for requests to the origin of the
 * source's `base_url`; other hosts never see credentials.
 */
import type { HttpClient } from '../http/HttpClient';
import type { Logger } from '../observability/Logger';
import type { SecretValues } from '../secrets/SecretValues';
import type { StringOrSecret } from '../secrets/SecretRef';

/** Applies credentials to outgoing requests. */
export interface AuthStrategy {
  /**
   * Returns the request with credentials applied. May return a new `Request`
   * (for example to add a query parameter); must not send it.
   */
  authenticate(request: Request): Promise<Request> | Request;
  /**
   * Called once when the API answered 401 to a request this strategy
   * authenticated. Returns true when it dropped its credentials and the request
   * should be retried once with fresh ones; false when retrying cannot help.
   */
  onUnauthorized?(request: Request): Promise<boolean>;
  /** Test-only: forget any cached credential. */
  reset?(): void;
}

/** What a strategy factory receives besides its own `auth` block. */
export interface AuthContext {
  /** The source's name (for cache keys and messages). */
  readonly sourceName: string;
  /** The config path of the auth block, e.g. `client.auth` or `resources[1].endpoint.auth`, for messages. */
  readonly configPath: string;
  /** Resolves a field that is a plain string or a secret reference. */
  readonly resolve: (value: StringOrSecret) => string;
  /** The resolved secrets; also used to write a rotated refresh token back. */
  readonly secrets: SecretValues;
  /**
   * The source's HTTP client, for token and login requests ({@link HttpClient.post}):
   * the timeouts, retries, body cap, deadline and origin rules of page requests.
   */
  readonly http: HttpClient;
  /** Structured logger, secrets redacted. */
  readonly logger: Logger;
  /** Counts events for metrics, e.g. `tokenRequests`. */
  readonly count: (metric: 'tokenRequests' | 'retries', n?: number) => void;
  /** Clock (ms since epoch) for token expiry. @default Date.now */
  readonly now?: () => number;
}

/** Builds a strategy from its `auth` block. */
export type AuthFactory = (config: Record<string, unknown> & { type: string }, context: AuthContext) => AuthStrategy;
