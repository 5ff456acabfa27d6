/**
 * Runs the resources of one stage (see resourceStages.ts) at the same time and
 * waits for all of them: a paused resource pauses the others after their page,
 * a failed one cancels them.
 */
import type { ResourceProgress } from '../commit/checkpoint';
import type { PlannedResource } from './resourcePlan';
import type { ResourceOutcome } from './runResource';
import { Siblings } from './Siblings';
import type { StopControl } from './Siblings';

/**
 * Runs every resource of `stage` through `runOne`, at once.
 * @returns the progress of the resources that paused (none: the stage is done)
 * @throws the first resource's error, once the others have stopped
 */
export async function runStage(
  stage: readonly PlannedResource[],
  shouldPause: () => boolean,
  signal: AbortSignal | undefined,
  runOne: (planned: PlannedResource, control: StopControl) => Promise<ResourceOutcome>,
): Promise<ResourceProgress[]> {
  const siblings = new Siblings(shouldPause, signal);
  const outcomes = await Promise.all(
    stage.map(async (planned) => {
      try {
        const outcome = await runOne(planned, siblings.control);
        if (outcome.kind === 'paused') siblings.paused();
        return outcome;
      } catch (error) {
        siblings.failed(error);
        return undefined;
      }
    }),
  );
  siblings.throwIfFailed();
  return outcomes.flatMap((o) => (o?.kind === 'paused' ? [o.progress] : []));
}
