/** Defaults of the fake API, and the one place its options are normalised and checked. */
import type { FakeApiOptions, FakeCredentials, FakeRecord } from './types';

/** The credentials accepted when a test does not override them. */
export const DEFAULT_CREDENTIALS: Readonly<FakeCredentials> = Object.freeze({
  bearerToken: 'test-bearer-token',
  apiKey: 'test-api-key',
  basicUsername: 'test-user',
  basicPassword: 'test-password',
  clientId: 'test-client-id',
  clientSecret: 'test-client-secret',
  refreshToken: 'test-refresh-token-0',
  loginUsername: 'login-user',
  loginPassword: 'login-password',
});

/** The collections served when a test does not name its own. */
export const DEFAULT_COLLECTIONS: Readonly<Record<string, number>> = Object.freeze({ items: 250, users: 30 });

/** {@link FakeApiOptions} with every default applied. */
export interface FakeApiSettings {
  readonly collections: Readonly<Record<string, number | FakeRecord[]>>;
  readonly credentials: Readonly<FakeCredentials>;
  readonly tokenLifetimeSeconds: number;
  readonly expiresInAsString: boolean;
  readonly omitExpiresIn: boolean;
  readonly rotateRefreshTokens: boolean;
  readonly relativeNextLinks: boolean;
  readonly childrenPerParent: number;
  readonly now: () => number;
  readonly throttle: FakeApiOptions['throttle'];
}

/** Applies the defaults; throws, naming the option, on a value the server cannot honour. */
export function normalizeOptions(options: FakeApiOptions = {}): FakeApiSettings {
  const settings: FakeApiSettings = {
    collections: options.collections ?? DEFAULT_COLLECTIONS,
    credentials: Object.freeze({ ...DEFAULT_CREDENTIALS, ...options.credentials }),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    expiresInAsString: options.expiresInAsString ?? false,
    omitExpiresIn: options.omitExpiresIn ?? false,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    relativeNextLinks: options.relativeNextLinks ?? false,
    childrenPerParent: options.childrenPerParent ?? 3,
    now: options.now ?? Date.now,
    throttle: options.throttle,
  };
  if (settings.throttle && !(Number.isInteger(settings.throttle.maxInFlight) && settings.throttle.maxInFlight >= 1)) {
    throw new Error(`fake API: throttle.maxInFlight must be an integer >= 1, got ${settings.throttle.maxInFlight}`);
  }
  if (!(settings.tokenLifetimeSeconds >= 0)) {
    throw new Error(`fake API: tokenLifetimeSeconds must be >= 0, got ${settings.tokenLifetimeSeconds}`);
  }
  if (!Number.isInteger(settings.childrenPerParent) || settings.childrenPerParent < 0) {
    throw new Error(`fake API: childrenPerParent must be an integer >= 0, got ${settings.childrenPerParent}`);
  }
  for (const [name, spec] of Object.entries(settings.collections)) {
    if (typeof spec === 'number' && (!Number.isInteger(spec) || spec < 0)) {
      throw new Error(`fake API: collections.${name} must be a record count (integer >= 0) or an array, got ${spec}`);
    }
  }
  return settings;
}
