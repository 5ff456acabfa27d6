/**
 * The order a run's resources go in, as stages: the resources of one stage run
 * at the same time, stages one after another. Top-level resources marked
 * `parallelized` share one stage, placed where the first of them is in the
 * plan (they depend on nothing, so moving the later ones forward is safe);
 * every other resource is a stage of its own, in plan order. A child therefore
 * still starts only after its parent's stage has written every parent record.
 */
import type { PlannedResource } from './resourcePlan';

/** The stages of a plan (see the file comment); every planned resource appears once. */
export function resourceStages(plan: readonly PlannedResource[]): PlannedResource[][] {
  const together = plan.filter((p) => p.resource.parallelized && !p.resource.parent);
  const stages: PlannedResource[][] = [];
  for (const planned of plan) {
    if (!together.includes(planned)) stages.push([planned]);
    else if (planned === together[0]) stages.push(together);
  }
  return stages;
}
