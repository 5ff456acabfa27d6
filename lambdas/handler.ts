/**
 * The Lambda handler of one source. `createHandler` runs at module scope (init):
 * it validates the bundled definition once, and the handler it returns keeps
 * its SDK clients, secret store (with its TTL cache) and, through the auth
 * module's cache, OAuth2 tokens across warm invocations.
 *
 * @example
 * // the bundled entry of a function
 * import definition from '../sources/acme.json';
 * export const handler = createHandler(definition);
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { NormalizedSource } from './config/NormalizedSource';
import { validateSource } from './config/validateSource';
import { HandlerInputError } from './errors/HandlerInputError';
import { parseHandlerEvent } from './handlerEvent';
import type { Logger } from './observability/Logger';
import { createEmfPublisher, RunMetrics } from './observability/metrics';
import { PowertoolsLogger } from './observability/PowertoolsLogger';
import type { CheckResponse } from './run/checkSource';
import { checkSource } from './run/checkSource';
import type { RunSummary } from './run/RunSummary';
import { runSource } from './run/runSource';
import type { SecretStore } from './secrets/SecretStore';
import { SsmSecretStore } from './secrets/SsmSecretStore';
import type { ObjectStore } from './sink/ObjectStore';
import { S3Store } from './sink/S3Store';

/** The parts of Lambda's context the handler reads. */
export interface LambdaContextLike {
  getRemainingTimeInMillis?(): number;
  invokedFunctionArn?: string;
  functionName?: string;
  awsRequestId?: string;
}

/** What the handler is built from; every part has a production default. */
export interface HandlerDeps {
  /** @default process.env */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** @default an S3Store of SLUICE_BUCKET, created on the first invocation */
  readonly store: ObjectStore;
  /** @default an SsmSecretStore (TTL `run.secrets_ttl_seconds`), created on the first invocation */
  readonly secrets: SecretStore;
  /** Invokes a function asynchronously (the continuation). @default Lambda InvokeCommand, InvocationType Event */
  readonly invoke: (functionName: string, payload: unknown) => Promise<void>;
  /** @default a PowertoolsLogger */
  readonly logger: Logger;
  /** A fresh metrics recorder per invocation. @default EMF through Powertools Metrics */
  readonly createMetrics: (source: NormalizedSource) => RunMetrics;
  /** @default () => new Date() */
  readonly now: () => Date;
}

/** The handler function. */
export type SluiceHandler = (event: unknown, context?: LambdaContextLike) => Promise<RunSummary | CheckResponse>;

/**
 * Validates `definition` (throws ConfigValidationError at init when invalid) and
 * returns the handler.
 */
export function createHandler(definition: unknown, deps: Partial<HandlerDeps> = {}): SluiceHandler {
  const source = validateSource(definition, { file: 'bundled source definition' });
  const env = deps.env ?? process.env;
  const logger = deps.logger ?? new PowertoolsLogger({ serviceName: env.POWERTOOLS_SERVICE_NAME ?? `sluice-${source.name}` });
  const publisher = deps.createMetrics ? undefined : createEmfPublisher(env.POWERTOOLS_SERVICE_NAME ?? `sluice-${source.name}`);
  const createMetrics = deps.createMetrics ?? ((s: NormalizedSource) => new RunMetrics(s.name, publisher));
  const now = deps.now ?? (() => new Date());
  let store = deps.store;
  let secrets = deps.secrets;
  let lambda: LambdaClient | undefined;
  const invoke =
    deps.invoke ??
    (async (functionName: string, payload: unknown): Promise<void> => {
      lambda ??= new LambdaClient({});
      await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
    });

  const storeOf = (): ObjectStore => {
    if (store) return store;
    const bucket = env.SLUICE_BUCKET;
    if (!bucket) throw new HandlerInputError(['environment variable SLUICE_BUCKET is not set (the CDK app sets it to the output bucket)']);
    const created: ObjectStore = new S3Store({ bucket });
    store = created;
    return created;
  };
  const secretsOf = (): SecretStore => {
    if (secrets) return secrets;
    const created: SecretStore = new SsmSecretStore({ ttlSeconds: source.run.secretsTtlSeconds });
    secrets = created;
    return created;
  };

  return async (event, context = {}) => {
    if (logger instanceof PowertoolsLogger && context.awsRequestId) logger.powertools.addContext(context as never);
    const parsed = parseHandlerEvent(event);
    const metrics = createMetrics(source);
    try {
      if (parsed.kind === 'manual' && parsed.payload.mode === 'check') {
        return await checkSource({ source, secrets: secretsOf(), resources: parsed.payload.resources, logger, metrics });
      }
      // The unqualified function name: the IAM grant for self-invocation is on the
      // unqualified ARN, and a run started through an alias or version still continues.
      const functionName = env.AWS_LAMBDA_FUNCTION_NAME ?? context.functionName ?? context.invokedFunctionArn;
      const remaining = context.getRemainingTimeInMillis?.bind(context);
      const manual = parsed.kind === 'manual' ? parsed.payload : undefined;
      return await runSource({
        source,
        store: storeOf(),
        prefix: env.SLUICE_PREFIX ?? '',
        secrets: secretsOf(),
        trigger: parsed.kind === 'manual' ? 'manual' : 'schedule',
        resources: manual?.resources,
        maxPages: manual?.max_pages,
        from: manual?.from,
        to: manual?.to,
        dryRun: manual?.dry_run,
        logger,
        metrics,
        remainingTimeMs: remaining,
        continueRun: functionName ? (key) => invoke(functionName, { continue: key }) : undefined,
        checkpointKey: parsed.kind === 'continue' ? parsed.checkpointKey : undefined,
        now,
      });
    } finally {
      metrics.flush();
    }
  };
}
