/**
 * `api_key`: the key as a header (default name `Authorization`), as a query
 * parameter (`location: query`, or dlt's `param`) or as a cookie
 * (`location: cookie`, added to any `Cookie` header already set). A key in a
 * query string is registered with the Redactor, so every URL that is logged or
 * put into an error shows `***`.
 * @example auth: { type: 'api_key', name: 'X-API-Key', api_key: secret('api_key') }
 * @example auth: { type: 'api_key', name: 'api_key', api_key: secret('api_key'), location: 'query' }
 */
import { DEFAULTS } from '../config/defaults';
import type { ApiKeyAuthModel } from '../model';
import { addSecret } from '../secrets/Redactor';
import type { AuthContext } from './AuthContext';
import type { AuthStrategy } from './AuthStrategy';
import { withCookie, withHeader, withQueryParam } from './withHeader';

/** The header name used when `name` is absent (as in dlt). */
export const DEFAULT_API_KEY_NAME = DEFAULTS.auth.apiKeyName;

/** An API key in a header or a query parameter. */
export class ApiKeyAuth implements AuthStrategy {
  private readonly name: string;
  private readonly key: string;
  private readonly location: 'header' | 'query' | 'cookie';

  constructor(config: Pick<ApiKeyAuthModel, 'name' | 'apiKey' | 'location'>, ctx: AuthContext) {
    this.name = ctx.resolve(config.name);
    this.key = ctx.resolve(config.apiKey);
    this.location = config.location;
    addSecret(this.key);
  }

  authenticate(request: Request): Request {
    if (this.location === 'query') return withQueryParam(request, this.name, this.key);
    if (this.location === 'cookie') return withCookie(request, this.name, this.key);
    return withHeader(request, this.name, this.key);
  }
}
