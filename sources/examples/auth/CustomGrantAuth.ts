/**
 * Example: a custom OAuth2 grant. The API's token endpoint wants
 * `grant_type=urn:custom:grant` and `scope=read:all` instead of the
 * client-credentials defaults; everything else (client authentication, the
 * token cache shared across resources and warm invocations, refresh ahead of
 * expiry, the 401 drop-and-retry) is inherited unchanged.
 *
 * Usage, in a TypeScript source (`sources/acme.ts`):
 *
 * ```ts
 * import { defineSource } from '../lambdas/config/validateSource';
 * import { secret } from '../lambdas/secrets/SecretRef';
 * import './examples/auth/CustomGrantAuth'; // registers `custom_grant`
 *
 * export default defineSource({
 *   name: 'acme',
 *   schedule: 'rate(1 hour)',
 *   client: {
 *     base_url: 'https://api.acme.example/v1/',
 *     auth: {
 *       type: 'custom_grant',
 *       access_token_url: 'https://auth.acme.example/oauth/token',
 *       client_id: secret('client_id'),
 *       client_secret: secret('client_secret'),
 *     },
 *   },
 *   resources: ['orders'],
 * });
 * ```
 *
 * The block takes every `oauth2_client_credentials` field.
 */
import { OAuth2ClientCredentials, parseAuthConfig, registerAuth } from '../../../lambdas/auth';
import type { TokenRequest } from '../../../lambdas/auth';
import { z } from 'zod';
import { normalizeAuth } from '../../../lambdas/config/normalizeSource';
import { OAuth2ClientCredentialsAuthSchema } from '../../../lambdas/config/schema';
import type { OAuth2ClientCredentialsAuthModel } from '../../../lambdas/model';

/** The grant type this API defines. */
export const CUSTOM_GRANT_TYPE = 'urn:custom:grant';

/** Client credentials sent with a custom grant type and the `read:all` scope. */
export class CustomGrantAuth extends OAuth2ClientCredentials {
  protected override buildTokenRequest(): TokenRequest {
    const request = super.buildTokenRequest();
    return { ...request, form: { ...request.form, grant_type: CUSTOM_GRANT_TYPE, scope: 'read:all' } };
  }
}

/** The `custom_grant` block: the client-credentials fields under another `type`. */
const CustomGrantSchema = OAuth2ClientCredentialsAuthSchema.extend({ type: z.literal('custom_grant') });

registerAuth('custom_grant', (config, ctx) => {
  const block = { ...parseAuthConfig(CustomGrantSchema, config, ctx), type: 'oauth2_client_credentials' as const };
  // The strategy runs on the model of the block, defaults applied, as the built-in grant does.
  return new CustomGrantAuth(normalizeAuth(block, ctx.configPath) as OAuth2ClientCredentialsAuthModel, ctx);
});
