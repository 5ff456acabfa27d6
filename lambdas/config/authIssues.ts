/**
 * The rules of `auth` blocks, on the model: a type that is neither built in
 * nor registered with `registerAuth`, OAuth2 `client_auth: "basic"` without a
 * `client_id`, an `api_key` header name fetch would refuse, and a credential
 * field written as a plain string. Every block the file holds is checked once,
 * where it is written (`client.auth`, `resource_defaults.endpoint.auth`,
 * `resources[i].endpoint.auth`), whether a resource runs it or overrides it:
 * a plaintext credential in the file is one either way.
 */
import { registeredAuthTypes } from '../auth/registry';
import type { ConfigIssue } from '../errors/ConfigValidationError';
import type { AuthModel, ResourceModel } from '../model';
import { CREDENTIAL_AUTH_FIELDS } from '../secrets/credentialFields';
import { BUILT_IN_AUTH_TYPES } from './authTypes';
import { onceInFileOrder } from './declarationOrder';
import { HEADER_NAME, HEADER_NAME_RULE } from './declaredValues';
import { preview } from './formatIssues';
import { didYouMean } from './nearMiss';

/** `snake_case` → `camelCase`: the model keeps an auth field under the file's name in the engine's spelling (`client_secret` → `clientSecret`). */
function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The value the file wrote for the credential field `field` of `auth`, undefined when it wrote none. */
function writtenCredential(auth: AuthModel, field: string): unknown {
  if (auth.type === 'custom') return auth.config[field];
  const value = (auth as unknown as Record<string, unknown>)[camelCase(field)];
  // The model's empty password is http_basic without one (Stripe style): there is no credential in the file.
  return auth.type === 'http_basic' && field === 'password' && value === '' ? undefined : value;
}

function blockIssues(auth: AuthModel, custom: readonly string[], allowPlaintextSecrets: boolean): ConfigIssue[] {
  if (auth.type === 'custom' && !custom.includes(auth.name)) {
    const accepted = [...BUILT_IN_AUTH_TYPES, ...custom];
    return [
      {
        path: `${auth.at}.type`,
        message: `unknown auth type ${preview(auth.name)}; accepted: ${accepted.join(', ')}${didYouMean(auth.name, accepted)} (custom types need registerAuth(${preview(auth.name)}, factory) in a TypeScript source)`,
      },
    ];
  }
  const issues: ConfigIssue[] = [];
  if ((auth.type === 'oauth2_client_credentials' || auth.type === 'oauth2_refresh_token') && auth.clientAuth === 'basic' && auth.clientId === undefined) {
    issues.push({ path: `${auth.at}.client_auth`, message: '"basic" needs client_id (and client_secret)' });
  }
  if (auth.type === 'api_key' && auth.location === 'header' && typeof auth.name === 'string' && !HEADER_NAME.test(auth.name)) {
    issues.push({ path: `${auth.at}.name`, message: `${preview(auth.name)} ${HEADER_NAME_RULE}` });
  }
  if (!allowPlaintextSecrets) {
    for (const field of CREDENTIAL_AUTH_FIELDS) {
      if (typeof writtenCredential(auth, field) !== 'string') continue;
      issues.push({
        path: `${auth.at}.${field}`,
        message: `a credential must be a secret reference such as {"secret": "${field}"} or {"ssm": "/path/${field}"}, not a plain string (set "allow_plaintext_secrets": true only for local experiments)`,
      });
    }
  }
  return issues;
}

/**
 * Every problem of the auth blocks of a source, in the order the file reads.
 * @param resources the model's resources.
 * @param allowPlaintextSecrets the source's `allow_plaintext_secrets`.
 */
export function authIssues(resources: readonly ResourceModel[], allowPlaintextSecrets: boolean): ConfigIssue[] {
  const custom = registeredAuthTypes();
  const blocks = onceInFileOrder(resources.flatMap((r) => [r.endpoint.auth, ...r.endpoint.written.overriddenAuth]));
  return blocks.flatMap((auth) => blockIssues(auth, custom, allowPlaintextSecrets));
}
