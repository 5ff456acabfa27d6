/**
 * The auth block `sluice init` writes for `--auth`, and where each of its
 * secret values comes from. Every input of a block is a secret reference
 * (`{"secret": "<field>"}`): the source file never holds a value, and the
 * template names each parameter it needs.
 */
import { UsageError } from '../UsageError';

/** The `--auth` names `sluice init` takes, each with the source's auth type it writes. */
export const INIT_AUTH_TYPES = Object.freeze({ bearer: 'bearer', api_key: 'api_key', basic: 'http_basic', oauth2: 'oauth2_client_credentials' } as const);

/** One of {@link INIT_AUTH_TYPES}' names. */
export type InitAuth = keyof typeof INIT_AUTH_TYPES;

/** A secret the block refers to: the field, its reference name and the flag that can give its value. */
export interface InitSecret {
  /** The reference name (`{"secret": name}`), also the auth field it fills. */
  readonly name: string;
  /** The flag whose value fills it for the probe, e.g. `--token`. */
  readonly flag: string;
  /** What the template asks for. */
  readonly placeholder: string;
}

/** The auth block of a source and the secrets it refers to. */
export interface InitAuthBlock {
  readonly block: Record<string, unknown>;
  readonly secrets: readonly InitSecret[];
}

/** The flags that give secret values, by reference name (their values are only ever held in memory). */
export const SECRET_FLAGS = Object.freeze({
  token: '--token',
  api_key: '--api-key',
  username: '--username',
  password: '--password',
  client_id: '--client-id',
  client_secret: '--client-secret',
} as const);

const ref = (name: keyof typeof SECRET_FLAGS): { secret: string } => ({ secret: name });
const secret = (name: keyof typeof SECRET_FLAGS, placeholder: string): InitSecret => ({ name, flag: SECRET_FLAGS[name], placeholder });

/** What {@link initAuthBlock} reads besides `--auth`. */
export interface InitAuthOptions {
  /** `--api-key-name`: the header, query parameter or cookie that carries the key. */
  readonly apiKeyName?: string;
  /** `--api-key-location`. */
  readonly apiKeyLocation?: string;
  /** `--token-url`: the OAuth2 token endpoint. */
  readonly tokenUrl?: string;
  /** The usage line, for errors. */
  readonly usage: string;
}

/**
 * The auth block for `--auth <type>` (none without it).
 * @throws UsageError for an unknown type, or a missing or wrong option of the type
 */
export function initAuthBlock(type: string | undefined, options: InitAuthOptions): InitAuthBlock | undefined {
  if (type === undefined) return undefined;
  switch (type) {
    case 'bearer':
      return { block: { type: INIT_AUTH_TYPES.bearer, token: ref('token') }, secrets: [secret('token', '<the bearer token>')] };
    case 'api_key': {
      const location = options.apiKeyLocation ?? 'header';
      if (!['header', 'query', 'cookie'].includes(location)) throw new UsageError(`--api-key-location must be header, query or cookie, got "${location}"`, options.usage);
      if (options.apiKeyName === undefined) {
        throw new UsageError('--auth api_key needs --api-key-name: the header, query parameter or cookie that carries the key (e.g. --api-key-name X-API-Key)', options.usage);
      }
      return {
        block: { type: INIT_AUTH_TYPES.api_key, name: options.apiKeyName, api_key: ref('api_key'), location },
        secrets: [secret('api_key', '<the API key>')],
      };
    }
    case 'basic':
      return {
        block: { type: INIT_AUTH_TYPES.basic, username: ref('username'), password: ref('password') },
        secrets: [secret('username', '<the user name>'), secret('password', '<the password>')],
      };
    case 'oauth2':
      if (options.tokenUrl === undefined) throw new UsageError('--auth oauth2 needs --token-url: the token endpoint of the client credentials grant', options.usage);
      return {
        block: { type: INIT_AUTH_TYPES.oauth2, access_token_url: options.tokenUrl, client_id: ref('client_id'), client_secret: ref('client_secret') },
        secrets: [secret('client_id', '<the client id>'), secret('client_secret', '<the client secret>')],
      };
    default:
      throw new UsageError(`--auth must be one of ${Object.keys(INIT_AUTH_TYPES).join(', ')}, got "${type}"`, options.usage);
  }
}
