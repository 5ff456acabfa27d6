/**
 * The Lambda handler of one already validated source. Split from
 * `handler.ts` so that a deployed bundle whose source was validated at synth
 * (`lib/handlerEntry.ts`) does not carry or run the source schema at init:
 * building zod's schemas and validating cost cold-start time every function
 * pays for a check `cdk synth` already made.
 *
 * The handler keeps its SDK clients, secret store (with its TTL cache) and,
 * through the auth module's cache, OAuth2 tokens across warm invocations.
 * The secret store comes from the caller: only a source with secret
 * references needs the SSM client, and only its bundle carries it.
 *
 * @example
 * // the generated entry of a JSON source (normalized at synth) with secrets
 * const source = {"name":"acme", ...};
 * export const handler = createSourceHandler(source, { secrets: new SsmSecretStore({ ttlSeconds: 300 }) });
 */
import type { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { SourceModel } from './model';
import { HandlerInputError } from './errors/HandlerInputError';
import { forLambdaResponse } from './errors/lambdaErrorType';
import { parseHandlerEvent } from './handlerEvent';
import type { Logger } from './observability/Logger';
import { createEmfPublisher, RunMetrics } from './observability/metrics';
import { PowertoolsLogger } from './observability/PowertoolsLogger';
import type { CheckResponse } from './run/checkSource';
import { checkSource } from './run/checkSource';
import type { RunSummary } from './run/RunSummary';
import { runSource } from './run/runSource';
import type { StateResponse } from './run/stateChange';
import { changeState } from './run/stateChange';
import type { SecretStore } from './secrets/SecretStore';
import { NO_SECRETS } from './secrets/NoSecretStore';
import type { ObjectStore } from './sink/ObjectStore';
import { S3Store } from './sink/S3Store';
import type { GlueCatalogApi } from './catalog/GlueCatalogApi';
import { sdkGlueCatalog } from './catalog/GlueCatalogApi';
import type { CatalogTarget } from './catalog/registerCatalog';

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
  /**
   * Where the source's secret references are resolved: an `SsmSecretStore` in a
   * deployed function (the generated entry and `createHandler` pass one). Not
   * imported here, so that the function of a source without secrets is bundled
   * without the SSM client.
   * @default {@link NO_SECRETS}, for a source without secret references; required for one with some
   */
  readonly secrets: SecretStore;
  /** Invokes a function asynchronously (the continuation). @default Lambda InvokeCommand, InvocationType Event */
  readonly invoke: (functionName: string, payload: unknown) => Promise<void>;
  /** @default a PowertoolsLogger */
  readonly logger: Logger;
  /** A fresh metrics recorder per invocation. @default EMF through Powertools Metrics */
  readonly createMetrics: (source: SourceModel) => RunMetrics;
  /** The Glue catalog a committed run is registered in, when SLUICE_GLUE_DATABASE names a database. @default the SDK's, loaded after the first commit */
  readonly catalog: GlueCatalogApi;
  /** @default () => new Date() */
  readonly now: () => Date;
}

/** The handler function. */
export type SluiceHandler = (event: unknown, context?: LambdaContextLike) => Promise<RunSummary | CheckResponse | StateResponse>;

/**
 * The handler of `source`, which must already be a validated, normalized
 * source (from `validateSource`, at init or at synth).
 */
export function createSourceHandler(source: SourceModel, deps: Partial<HandlerDeps> = {}): SluiceHandler {
  const env = deps.env ?? process.env;
  const logger = deps.logger ?? new PowertoolsLogger({ serviceName: env.POWERTOOLS_SERVICE_NAME ?? `sluice-${source.name}` });
  const publisher = deps.createMetrics ? undefined : createEmfPublisher(env.POWERTOOLS_SERVICE_NAME ?? `sluice-${source.name}`);
  const createMetrics = deps.createMetrics ?? ((s: SourceModel) => new RunMetrics(s.name, publisher));
  const now = deps.now ?? (() => new Date());
  let store = deps.store;
  if (!deps.secrets && source.secrets.length > 0) {
    throw new TypeError(`createSourceHandler: source "${source.name}" references secrets (${source.secrets.map((s) => s.parameter).join(', ')}); pass deps.secrets, e.g. new SsmSecretStore()`);
  }
  const secrets = deps.secrets ?? NO_SECRETS;
  const invoke = deps.invoke ?? invokeAsync;
  let catalogApi = deps.catalog;
  // The stack sets SLUICE_GLUE_DATABASE; without it (or without a bucket) nothing is registered and the Glue SDK never loads.
  const catalogOf = (): CatalogTarget | undefined => {
    const database = env.SLUICE_GLUE_DATABASE;
    const bucket = env.SLUICE_BUCKET;
    if (!database || !bucket) return undefined;
    catalogApi ??= sdkGlueCatalog();
    return { database, bucket, api: catalogApi };
  };

  const storeOf = (): ObjectStore => {
    if (store) return store;
    const bucket = env.SLUICE_BUCKET;
    if (!bucket) throw new HandlerInputError(['environment variable SLUICE_BUCKET is not set (the CDK app sets it to the output bucket)']);
    const created: ObjectStore = new S3Store({ bucket });
    store = created;
    return created;
  };

  const handle: SluiceHandler = async (event, context = {}) => {
    if (logger instanceof PowertoolsLogger && context.awsRequestId) logger.powertools.addContext(context as never);
    const parsed = parseHandlerEvent(event);
    const metrics = createMetrics(source);
    try {
      if (parsed.kind === 'manual' && parsed.payload.mode === 'check') {
        return await checkSource({ source, secrets, resources: parsed.payload.resources, logger, metrics });
      }
      if (parsed.kind === 'state') {
        const { reset, resources, set } = parsed.payload;
        const request = reset ? { reset: { resources } } : set ? { set } : undefined;
        return await changeState(storeOf(), env.SLUICE_PREFIX ?? '', source, request, now);
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
        secrets,
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
        catalog: catalogOf(),
      });
    } finally {
      metrics.flush();
    }
  };
  return (event, context) => handle(event, context).catch((error: unknown) => Promise.reject(forLambdaResponse(error)));
}

// Loaded on the first continuation, not at init: most runs never continue, and as the
// first SDK client to load it would pay for @smithy's shared code too (≈90 ms of init).
let lambda: Promise<{ client: LambdaClient; InvokeCommand: typeof InvokeCommand }> | undefined;

async function invokeAsync(functionName: string, payload: unknown): Promise<void> {
  lambda ??= import('@aws-sdk/client-lambda').then((sdk) => ({ client: new sdk.LambdaClient({}), InvokeCommand: sdk.InvokeCommand }));
  const loaded = lambda;
  // A failed load is not cached: the next continuation tries again.
  loaded.catch(() => {
    if (lambda === loaded) lambda = undefined;
  });
  const { client, InvokeCommand: Invoke } = await loaded;
  await client.send(new Invoke({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
}
