/**
 * Route protection: the first path segment names the scheme, and a request
 * without the right credentials gets 401 with a JSON error and `WWW-Authenticate`.
 */
import type { FakeRequest, FakeResponse } from './http';
import { header, json } from './http';
import type { TokenAuthority } from './tokens';
import type { FakeCredentials } from './types';

/** The auth schemes, as the first path segment names them. */
export const AUTH_SCHEMES = ['public', 'bearer', 'apikey-header', 'apikey-query', 'apikey-cookie', 'basic', 'oauth2', 'session'] as const;

/** One of {@link AUTH_SCHEMES}. */
export type AuthScheme = (typeof AUTH_SCHEMES)[number];

/** Narrows a path segment to an auth scheme. */
export function isAuthScheme(segment: string | undefined): segment is AuthScheme {
  return (AUTH_SCHEMES as readonly (string | undefined)[]).includes(segment);
}

/** `Authorization: Basic` decoded into its user and password (the password may be empty). */
export function parseBasic(request: FakeRequest): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header(request.headers, 'authorization') ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The token of `Authorization: Bearer <token>`. */
export function bearerToken(request: FakeRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header(request.headers, 'authorization') ?? '')?.[1];
}

function unauthorized(challenge: string, error: string, description: string): FakeResponse {
  return json(
    401,
    { error, error_description: description },
    { 'WWW-Authenticate': `${challenge} realm="fake-api", error="${error}", error_description="${description}"` },
  );
}

/** The 401 an expired OAuth2 access token gets (also the `expire-token` fault's answer). */
export function expiredToken(): FakeResponse {
  return unauthorized('Bearer', 'invalid_token', 'The access token expired');
}

/** What {@link checkAuth} needs of the server. */
export interface AuthContext {
  readonly credentials: Readonly<FakeCredentials>;
  readonly tokens: TokenAuthority;
}

/** The 401 for a request that does not satisfy the scheme, or undefined when it does. */
export function checkAuth(scheme: AuthScheme, request: FakeRequest, ctx: AuthContext): FakeResponse | undefined {
  const { credentials } = ctx;
  switch (scheme) {
    case 'public':
      return undefined;
    case 'bearer':
      return bearerToken(request) === credentials.bearerToken
        ? undefined
        : unauthorized('Bearer', 'unauthorized', 'Missing or wrong bearer token');
    case 'apikey-header':
      return header(request.headers, 'x-api-key') === credentials.apiKey
        ? undefined
        : unauthorized('ApiKey', 'unauthorized', 'Missing or wrong X-API-Key header');
    case 'apikey-query':
      return request.query.get('api_key') === credentials.apiKey
        ? undefined
        : unauthorized('ApiKey', 'unauthorized', 'Missing or wrong api_key query parameter');
    case 'apikey-cookie': {
      const cookies = (header(request.headers, 'cookie') ?? '').split(';').map((c) => c.trim());
      return cookies.includes(`api_key=${credentials.apiKey}`)
        ? undefined
        : unauthorized('ApiKey', 'unauthorized', 'Missing or wrong api_key cookie');
    }
    case 'basic': {
      const basic = parseBasic(request);
      return basic?.username === credentials.basicUsername && basic.password === credentials.basicPassword
        ? undefined
        : unauthorized('Basic', 'unauthorized', 'Missing or wrong basic credentials');
    }
    case 'oauth2':
      return checkAccessToken(bearerToken(request), ctx.tokens);
    case 'session': {
      // Both placements are accepted: APIs differ, and the request log shows which one the client used.
      const token = header(request.headers, 'x-session-token') ?? bearerToken(request);
      return token !== undefined && ctx.tokens.isSession(token)
        ? undefined
        : unauthorized('Bearer', 'unauthorized', 'Missing or unknown session token');
    }
  }
}

function checkAccessToken(token: string | undefined, tokens: TokenAuthority): FakeResponse | undefined {
  if (token === undefined) return unauthorized('Bearer', 'invalid_request', 'Missing bearer access token');
  switch (tokens.accessTokenState(token)) {
    case 'valid':
      return undefined;
    case 'expired':
      return expiredToken();
    case 'unknown':
      return unauthorized('Bearer', 'invalid_token', 'The access token is invalid');
  }
}
