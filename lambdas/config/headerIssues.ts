/**
 * The header rules, on the model: a name or a value fetch would refuse when the
 * request is built (at run time, for a reason visible in the file), and a
 * plaintext credential in a header. Each header is checked where it was
 * declared (`client.headers.X`, `resource_defaults.endpoint.headers.X`,
 * `resources[i].endpoint.headers.X`), once, whether a resource sends it or
 * overrides it: a plaintext credential in the file is one either way.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import type { ResourceModel } from '../model';
import { looksLikeCredentialHeader } from '../secrets/credentialFields';
import { isSecretRef } from '../secrets/SecretRef';
import { declaredValues, HEADER_NAME, HEADER_NAME_RULE } from './declaredValues';
import { preview } from './formatIssues';
import { expressionsIn } from './placeholders';

/**
 * Every header problem of a source.
 * @param resources the model's resources in declaration order.
 * @param allowPlaintextSecrets the source's `allow_plaintext_secrets`.
 */
export function headerIssues(resources: readonly ResourceModel[], allowPlaintextSecrets: boolean): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const { at: path, key: name, value } of declaredValues(resources, ['headers'])) {
    if (!HEADER_NAME.test(name)) issues.push({ path, message: `${preview(name)} ${HEADER_NAME_RULE}` });
    if (isSecretRef(value) || typeof value !== 'string') continue;
    if (/[\r\n]/.test(value)) issues.push({ path, message: 'a header value cannot contain a line break' });
    else if ([...value].some((c) => c.charCodeAt(0) === 0 || c.charCodeAt(0) > 0xff)) issues.push({ path, message: 'a header value holds Latin-1 characters only, and no NUL' });
    // A templated value comes from a parent record or the cursor, not from the file.
    else if (!allowPlaintextSecrets && looksLikeCredentialHeader(name, value) && expressionsIn(value).length === 0) {
      issues.push({
        path,
        message: `header "${name}" carries a credential (its name or its Bearer/Basic value says so): it must be a secret reference such as {"secret": "${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}"}, not a plain string (set "allow_plaintext_secrets": true only for local experiments)`,
      });
    }
  }
  return issues;
}
