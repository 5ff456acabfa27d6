/**
 * What an auth strategy is built from: the context a factory receives besides
 * its own `auth` block, and the factory's signature (what `registerAuth` takes).
 * Apart from `AuthStrategy.ts` because the context carries the HTTP client,
 * which itself applies strategies.
 */
import type { HttpClient } from '../http/HttpClient';
import type { Logger } from '../observability/Logger';
import type { SecretValues } from '../secrets/SecretValues';
import type { StringOrSecret } from '../secrets/SecretRef';
import type { AuthStrategy } from './AuthStrategy';

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
