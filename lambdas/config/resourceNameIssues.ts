/**
 * Resource names are unique in a source: a name is the resource's identity in
 * state, manifests and parent placeholders. The second (and any later) use is
 * reported, naming the first.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import type { ResourceModel } from '../model';
import { preview } from './formatIssues';

/**
 * Every repeated resource name of a source.
 * @param resources the model's resources in declaration order.
 */
export function resourceNameIssues(resources: readonly ResourceModel[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const first = new Map<string, string>();
  for (const { name, at } of resources) {
    const earlier = first.get(name);
    if (earlier !== undefined) issues.push({ path: `${at}.name`, message: `duplicate resource name ${preview(name)} (also ${earlier})` });
    else first.set(name, at);
  }
  return issues;
}
