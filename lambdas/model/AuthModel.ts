/**
 * The `auth` block as the engine runs it: a closed union on `type`, every
 * default applied, names in the engine's own spelling. Values that may be
 * secret references stay references here; strategies resolve them.
 */
import type { SecretRef, StringOrSecret } from '../secrets/SecretRef';
import type { Located } from './Located';

/** `bearer`: `Authorization: Bearer <token>`. */
export interface BearerAuthModel extends Located {
  readonly type: 'bearer';
  readonly token: StringOrSecret;
}

/** `api_key`: a key in a header, a query parameter or a cookie. */
export interface ApiKeyAuthModel extends Located {
  readonly type: 'api_key';
  /** Header, parameter or cookie name; default `Authorization`. */
  readonly name: StringOrSecret;
  readonly apiKey: StringOrSecret;
  /** dlt's `param` is normalized to `query`. */
  readonly location: 'header' | 'query' | 'cookie';
}

/** `http_basic`: `Authorization: Basic base64(username:password)`. */
export interface HttpBasicAuthModel extends Located {
  readonly type: 'http_basic';
  readonly username: StringOrSecret;
  /** Absent in the file means the empty password. */
  readonly password: StringOrSecret;
}

/** What both OAuth2 grants share. */
export interface OAuth2CommonModel extends Located {
  readonly tokenUrl: StringOrSecret;
  readonly clientId: StringOrSecret | undefined;
  readonly clientSecret: StringOrSecret | undefined;
  /** Sent space-separated; empty: no `scope` field. */
  readonly scopes: readonly string[];
  readonly audience: StringOrSecret | undefined;
  /** `access_token_request_data`, merged last into the form. */
  readonly extraData: Readonly<Record<string, StringOrSecret>>;
  /** `client_auth`; `basic` is only valid with a `clientId`. */
  readonly clientAuth: 'body' | 'basic';
  /** Seconds a token lives when the response has no `expires_in`. */
  readonly defaultExpiresIn: number;
}

/** `oauth2_client_credentials`. */
export interface OAuth2ClientCredentialsAuthModel extends OAuth2CommonModel {
  readonly type: 'oauth2_client_credentials';
  readonly clientId: StringOrSecret;
  readonly clientSecret: StringOrSecret;
}

/** `oauth2_refresh_token`: a rotated refresh token is written back to its reference. */
export interface OAuth2RefreshTokenAuthModel extends OAuth2CommonModel {
  readonly type: 'oauth2_refresh_token';
  readonly refreshToken: SecretRef;
}

/** A type registered with `registerAuth`: its factory validates its own fields. */
export interface CustomAuthModel extends Located {
  readonly type: 'custom';
  /** The registered type name as written in the file. */
  readonly name: string;
  /** The block as written (with `type`), for the factory. */
  readonly config: Readonly<Record<string, unknown>> & { readonly type: string };
}

/** Any auth block. */
export type AuthModel =
  | BearerAuthModel
  | ApiKeyAuthModel
  | HttpBasicAuthModel
  | OAuth2ClientCredentialsAuthModel
  | OAuth2RefreshTokenAuthModel
  | CustomAuthModel;
