/**
 * A handler for the deadline tests: the invocation's time left comes from the
 * test (`remainingMs`), and continuations are queued instead of invoked, so a
 * test runs the next invocation itself, with the time it chooses.
 */
import { createHandler } from '../../../lambdas/handler';
import { silentLogger } from '../../../lambdas/observability/Logger';
import { RunMetrics } from '../../../lambdas/observability/metrics';
import type { RunSummary } from '../../../lambdas/run/RunSummary';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';

/** What {@link deadlineHandler} returns. */
export interface DeadlineHandler {
  /** Runs one invocation of `event` with the time `remainingMs` reports. */
  invoke(event: unknown): Promise<RunSummary>;
  /** The checkpoint keys of the continuations asked for, in order. */
  readonly queued: string[];
}

/** The handler of `definition` on `store`, its invocations timed by `remainingMs`. */
export function deadlineHandler(definition: unknown, store: ObjectStore, remainingMs: () => number): DeadlineHandler {
  const queued: string[] = [];
  const handler = createHandler(definition, {
    env: { AWS_LAMBDA_FUNCTION_NAME: 'sluice-deadline' },
    store,
    logger: silentLogger,
    createMetrics: (s) => new RunMetrics(s.name),
    invoke: async (_fn, payload) => void queued.push((payload as { continue: string }).continue),
  });
  return { queued, invoke: async (event) => (await handler(event, { getRemainingTimeInMillis: remainingMs })) as RunSummary };
}
