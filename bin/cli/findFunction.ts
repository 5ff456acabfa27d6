/**
 * Finds the deployed Lambda function of a source: every function the CDK app
 * deploys carries the tag `sluice:source=<name>` and the environment variable
 * `SLUICE_SOURCE=<name>`. The environment is in the function listing; tags cost
 * one call per function, so they are only read when no environment matched.
 */
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ListFunctionsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import { FunctionNotFoundError } from './FunctionNotFoundError';

/** The tag the CDK app puts on each source's function. */
export const SOURCE_TAG = 'sluice:source';

/** Options of {@link findSourceFunction}. */
export interface FindFunctionOptions {
  readonly source: string;
  readonly lambda: LambdaClient;
  /** Only functions of this CloudFormation stack. */
  readonly stack?: string;
  readonly cloudFormation?: CloudFormationClient;
}

async function listFunctions(lambda: LambdaClient): Promise<FunctionConfiguration[]> {
  const out: FunctionConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda.send(new ListFunctionsCommand({ Marker: marker }));
    out.push(...(page.Functions ?? []));
    marker = page.NextMarker;
  } while (marker);
  return out;
}

async function stackFunctionNames(client: CloudFormationClient, stack: string): Promise<Set<string>> {
  const names = new Set<string>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListStackResourcesCommand({ StackName: stack, NextToken: token }));
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.ResourceType === 'AWS::Lambda::Function' && r.PhysicalResourceId) names.add(r.PhysicalResourceId);
    }
    token = page.NextToken;
  } while (token);
  return names;
}

/**
 * The configuration of the source's function.
 * @throws FunctionNotFoundError when none matches
 */
export async function findSourceFunction(options: FindFunctionOptions): Promise<FunctionConfiguration> {
  const { source, lambda } = options;
  let functions = await listFunctions(lambda);
  if (options.stack !== undefined && options.cloudFormation) {
    const inStack = await stackFunctionNames(options.cloudFormation, options.stack);
    functions = functions.filter((f) => f.FunctionName !== undefined && inStack.has(f.FunctionName));
  }
  const byEnv = functions.find((f) => f.Environment?.Variables?.SLUICE_SOURCE === source);
  if (byEnv) return byEnv;
  for (const f of functions) {
    if (!f.FunctionArn) continue;
    const { Tags } = await lambda.send(new ListTagsCommand({ Resource: f.FunctionArn }));
    if (Tags?.[SOURCE_TAG] === source) return f;
  }
  const region = await lambda.config.region();
  throw new FunctionNotFoundError(source, `region ${region}${options.stack !== undefined ? `, stack ${options.stack}` : ''}`);
}
