/** `POST /login`: JSON `{ "username", "password" }` in, `{ "token" }` (a session token) out. */
import type { FakeRequest, FakeResponse } from './http';
import { json, methodNotAllowed } from './http';
import type { FakeCredentials } from './types';
import type { TokenAuthority } from './tokens';

/** Answers a login request. */
export function handleLogin(request: FakeRequest, credentials: Readonly<FakeCredentials>, tokens: TokenAuthority): FakeResponse {
  if (request.method !== 'POST') return methodNotAllowed('POST');
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    return json(400, { error: 'invalid_request', error_description: 'expected a JSON body { "username", "password" }' });
  }
  const { username, password } = (parsed ?? {}) as { username?: unknown; password?: unknown };
  if (username !== credentials.loginUsername || password !== credentials.loginPassword) {
    return json(401, { error: 'invalid_credentials', error_description: 'Wrong username or password' });
  }
  return json(200, { token: tokens.issueSession() });
}
