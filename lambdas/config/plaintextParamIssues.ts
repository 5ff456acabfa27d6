/**
 * Query parameters and body fields named like a credential (`api_key`,
 * `access_token`, `client_secret`, …) written as plain strings, on the model,
 * each where it was declared (`resource_defaults.endpoint.params.api_key` for
 * one every resource inherits): like headers, they must be secret references
 * unless `allow_plaintext_secrets`.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import type { ResourceModel } from '../model';
import { credentialNamedStrings } from '../secrets/credentialFields';
import { appendPath, declaredValues } from './declaredValues';

/**
 * Every plaintext credential param or body field of a source.
 * @param resources the model's resources in declaration order.
 */
export function plaintextParamIssues(resources: readonly ResourceModel[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const { at, part, key, value } of declaredValues(resources, ['params', 'json', 'data'])) {
    // A keyed value is walked under its key, so that its name is the key; the path is the declaration's.
    const named = key === '' ? credentialNamedStrings(value) : credentialNamedStrings({ [key]: value }).map((n) => ({ ...n, at: n.at.slice(1) }));
    for (const { at: below, name } of named) {
      const where = part === 'params' ? 'query parameter' : 'body field';
      issues.push({
        path: appendPath(at, below),
        message: `${where} "${name}" carries a credential (its name says so): it must be a secret reference such as {"secret": "${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}"}, not a plain string (set "allow_plaintext_secrets": true only for local experiments)`,
      });
    }
  }
  return issues;
}
