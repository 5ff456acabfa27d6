/**
 * cdk-nag v3 acknowledges each IAM5 finding by its exact id
 * (`AwsSolutions-IAM5[Resource::<Bucket.Arn>/raw/acme/*]`), with no prefix
 * matching. This renders a resource the way cdk-nag prints it, so every
 * wildcard we grant on purpose is acknowledged by name, with its reason, and
 * any other wildcard still fails the check.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Renders a (possibly tokenized) ARN as cdk-nag names it in a finding. */
export function nagResourceName(scope: IConstruct, value: string): string {
  return render(Stack.of(scope).resolve(value));
}

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if ('Ref' in obj) return `<${String(obj.Ref)}>`;
    if ('Fn::GetAtt' in obj) return `<${(obj['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in obj) {
      const [separator, parts] = obj['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
  }
  return JSON.stringify(value);
}

/**
 * Acknowledges AwsSolutions-IAM5 for exactly these wildcard resources on `scope`.
 * @param resources ARNs as given to the policy statement (tokens allowed)
 */
export function acknowledgeWildcardResources(scope: IConstruct, resources: readonly string[], reason: string): void {
  for (const resource of resources) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${nagResourceName(scope, resource)}]`, reason });
  }
}
