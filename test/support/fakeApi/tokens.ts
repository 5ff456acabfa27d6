/**
 * The server's token state: OAuth2 access tokens with their expiry, the one valid
 * refresh token, and login session tokens.
 */

/** What the server knows of a presented access token. */
export type AccessTokenState = 'valid' | 'expired' | 'unknown';

/** Settings the authority needs. */
export interface TokenAuthoritySettings {
  readonly refreshToken: string;
  readonly tokenLifetimeSeconds: number;
  readonly now: () => number;
}

/** Issues and validates tokens. Tokens are sequential, so test failures are readable. */
export class TokenAuthority {
  private readonly accessTokens = new Map<string, number>();
  private readonly sessions = new Set<string>();
  private issued = 0;
  private sessionCount = 0;
  private rotations = 0;
  private refreshToken: string;
  // The stem of rotated refresh tokens: 'test-refresh-token-0' rotates to 'test-refresh-token-1', …
  private readonly refreshStem: string;

  constructor(private readonly settings: TokenAuthoritySettings) {
    this.refreshToken = settings.refreshToken;
    this.refreshStem = settings.refreshToken.replace(/-\d+$/, '');
  }

  /** Successful token responses so far. */
  get tokensIssued(): number {
    return this.issued;
  }

  /** The refresh token accepted now. */
  get currentRefreshToken(): string {
    return this.refreshToken;
  }

  /** A new access token (`fake-access-token-N`), valid for the configured lifetime. */
  issueAccessToken(): string {
    this.issued += 1;
    const token = `fake-access-token-${this.issued}`;
    this.accessTokens.set(token, this.settings.now() + this.settings.tokenLifetimeSeconds * 1000);
    return token;
  }

  /** Whether a presented access token is usable now. */
  accessTokenState(token: string): AccessTokenState {
    const expiresAt = this.accessTokens.get(token);
    if (expiresAt === undefined) return 'unknown';
    return this.settings.now() < expiresAt ? 'valid' : 'expired';
  }

  /** Replaces the valid refresh token; the old one is refused from now on. */
  rotateRefreshToken(): string {
    this.rotations += 1;
    this.refreshToken = `${this.refreshStem}-${this.rotations}`;
    return this.refreshToken;
  }

  /** A new session token (`fake-session-N`). */
  issueSession(): string {
    this.sessionCount += 1;
    const token = `fake-session-${this.sessionCount}`;
    this.sessions.add(token);
    return token;
  }

  isSession(token: string): boolean {
    return this.sessions.has(token);
  }

  /** Forgets every access and session token; the refresh token stays valid. */
  revokeAll(): void {
    this.accessTokens.clear();
    this.sessions.clear();
  }
}
