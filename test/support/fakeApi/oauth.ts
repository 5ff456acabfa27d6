/**
 * `POST /oauth/token`: the OAuth2 token endpoint (RFC 6749), form-encoded. Any
 * grant type other than refresh_token is accepted with valid client credentials,
 * so custom-grant subclasses can be tested against it.
 */
import { parseBasic } from './auth';
import type { FakeRequest, FakeResponse } from './http';
import { header, json, methodNotAllowed } from './http';
import type { FakeApiSettings } from './options';
import type { TokenAuthority } from './tokens';

/** The client credentials a token request presented, from the Basic header or else the form. */
interface PresentedClient {
  readonly id?: string;
  readonly secret?: string;
}

function presentedClient(request: FakeRequest, form: URLSearchParams): PresentedClient | undefined {
  const basic = parseBasic(request);
  if (basic) {
    // RFC 6749 §2.3.1 form-encodes id and secret before base64; most clients do not. Accept both.
    return { id: formDecode(basic.username), secret: formDecode(basic.password) };
  }
  const id = form.get('client_id') ?? undefined;
  const secret = form.get('client_secret') ?? undefined;
  return id === undefined && secret === undefined ? undefined : { id, secret };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function invalidClient(): FakeResponse {
  return json(
    401,
    { error: 'invalid_client', error_description: 'Client authentication failed' },
    { 'WWW-Authenticate': 'Basic realm="fake-api"' },
  );
}

function tokenError(error: string, description: string): FakeResponse {
  return json(400, { error, error_description: description });
}

/** Answers a token request; see the module comment for the grants. */
export function handleTokenRequest(request: FakeRequest, settings: FakeApiSettings, tokens: TokenAuthority): FakeResponse {
  if (request.method !== 'POST') return methodNotAllowed('POST');
  const contentType = header(request.headers, 'content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return tokenError('invalid_request', `expected application/x-www-form-urlencoded, got "${contentType}"`);
  }
  const form = new URLSearchParams(request.body);
  const grantType = form.get('grant_type');
  if (!grantType) return tokenError('invalid_request', 'grant_type is required');

  const { clientId, clientSecret } = settings.credentials;
  const client = presentedClient(request, form);
  let refreshToken: string | undefined;
  if (grantType === 'refresh_token') {
    // Client authentication is optional here, but whatever is presented must be right.
    if (client && (client.id !== clientId || (client.secret !== undefined && client.secret !== clientSecret))) {
      return invalidClient();
    }
    if (form.get('refresh_token') !== tokens.currentRefreshToken) {
      return tokenError('invalid_grant', 'The refresh token is invalid, expired or revoked');
    }
    if (settings.rotateRefreshTokens) refreshToken = tokens.rotateRefreshToken();
  } else if (client?.id !== clientId || client.secret !== clientSecret) {
    return invalidClient();
  }

  const body: Record<string, unknown> = { access_token: tokens.issueAccessToken(), token_type: 'Bearer' };
  if (!settings.omitExpiresIn) {
    body.expires_in = settings.expiresInAsString ? String(settings.tokenLifetimeSeconds) : settings.tokenLifetimeSeconds;
  }
  if (refreshToken !== undefined) body.refresh_token = refreshToken;
  const scope = form.get('scope');
  if (scope !== null) body.scope = scope;
  const audience = form.get('audience');
  if (audience !== null) body.audience = audience;
  return json(200, body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}
