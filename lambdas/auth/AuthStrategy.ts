/**
 * The one interface every auth strategy implements: apply credentials to a
 * request. The HTTP client calls it only for requests to the origin of the
 * source's `base_url`; other hosts never see credentials.
 *
 * What a strategy is built from ({@link AuthContext}, {@link AuthFactory}) lives in
 * `AuthContext.ts`: the context holds the HTTP client, and the HTTP client holds a
 * strategy, so keeping the two apart keeps auth/ and http/ free of an import cycle.
 */

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
