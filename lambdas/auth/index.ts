/**
 * The public surface of sluice's auth: the strategies, the OAuth2 base to
 * subclass for a custom grant, the registry for custom types, and the factory.
 */
export type { AuthContext, AuthFactory } from './AuthContext';
export type { AuthStrategy } from './AuthStrategy';
export { ApiKeyAuth, DEFAULT_API_KEY_NAME } from './ApiKeyAuth';
export { BearerAuth } from './BearerAuth';
export { HttpBasicAuth, basicCredential } from './HttpBasicAuth';
export { OAuth2Base, DEFAULT_TOKEN_EXPIRATION_SECONDS } from './OAuth2Base';
export type { OAuth2CommonConfig, TokenRequest } from './OAuth2Base';
export { OAuth2ClientCredentials } from './OAuth2ClientCredentials';
export { OAuth2RefreshToken } from './OAuth2RefreshToken';
export { authPost } from './authPost';
export type { AuthPostOptions } from './authPost';
export { createAuth } from './createAuth';
export { parseAuthConfig } from './parseAuthConfig';
export { registerAuth, registeredAuth, registeredAuthTypes, unregisterAuth } from './registry';
export { cachedToken, clearTokenCache, dropToken, getToken, refreshSkewSeconds, tokenCacheKey, tokenRequestCount } from './tokenCache';
export type { CachedToken } from './tokenCache';
export { withHeader, withQueryParam } from './withHeader';
