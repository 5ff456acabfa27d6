import { validateSource } from '../../../lambdas/config/validateSource';
import { planResources } from '../../../lambdas/run/resourcePlan';
import { resourceStages } from '../../../lambdas/run/resourceStages';

describe('resourceStages', () => {
  it('puts the parallelized top-level resources in one stage where the first is, every other resource alone, children after their parents', () => {
    const source = validateSource({
      name: 'stages',
      client: { base_url: 'https://api.example/' },
      resources: [
        'repos',
        { name: 'issues', parallelized: true },
        { name: 'comments', parallelized: true, endpoint: { path: 'issues/{resources.issues.id}/comments' } },
        { name: 'users', parallelized: true },
        'labels',
      ],
    });
    const stages = resourceStages(planResources(source)).map((stage) => stage.map((p) => p.resource.name));
    expect(stages).toEqual([['repos'], ['issues', 'users'], ['comments'], ['labels']]);
  });
});
