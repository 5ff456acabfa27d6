/**
 * Properties of the rules on the model, for generated sources that use what
 * the model keeps beyond what it runs: blocks at every level (so that most are
 * overridden somewhere), dlt's resolve, incremental and static path params,
 * data forms, and bad JSONPaths and templates among good ones.
 *
 * - Every auth and paginator block the file holds is in the model, once, at
 *   its own path: run by some resource, or kept as overridden.
 * - validate accepts ⇒ the run's context builds (secrets resolved, auth set
 *   up) and so do each resource's paginator, auth strategy and first request,
 *   parent placeholders expanded from a parent record.
 */
import fc from 'fast-check';
import { validateSource } from '../../lambdas/config/validateSource';
import { ConfigValidationError } from '../../lambdas/errors/ConfigValidationError';
import { requestUrl } from '../../lambdas/http/requestUrl';
import type { SourceModel } from '../../lambdas/model';
import { silentLogger } from '../../lambdas/observability/Logger';
import { createPaginator } from '../../lambdas/paginators/createPaginator';
import { RunMetrics } from '../../lambdas/observability/metrics';
import { buildRequest } from '../../lambdas/request/buildRequest';
import { createRunContext } from '../../lambdas/run/RunContext';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { propertyParameters } from './propertySettings';

const NAMES = ['users', 'posts', 'tags'] as const;
/** Mostly what validate accepts, with what it must refuse among it. */
const mostly = <A, B>(good: fc.Arbitrary<A>, bad: fc.Arbitrary<B>): fc.Arbitrary<A | B> => fc.oneof({ arbitrary: good as fc.Arbitrary<A | B>, weight: 6 }, { arbitrary: bad as fc.Arbitrary<A | B>, weight: 1 });
const field = mostly(fc.constant('id'), fc.constantFrom('data[abc]', '$['));
const parentRef = fc.tuple(mostly(fc.constantFrom(...NAMES), fc.constant('nope')), field).map(([r, f]) => `{resources.${r}.${f}}`);
const template = mostly(fc.oneof(fc.constantFrom('plain', 'a-{{literal}}'), parentRef), fc.constantFrom('a}b', '{oops', '{incremental.start_value}'));
const paramValue = fc.oneof(
  template,
  fc.integer(),
  fc.record({ type: fc.constant('resolve'), resource: fc.constantFrom(...NAMES), field }),
  fc.record({ type: fc.constant('incremental'), cursor_path: mostly(fc.constant('updated_at'), fc.constant('$[')), initial_value: fc.constant('2026-01-01T00:00:00Z') }),
);
const params = fc.dictionary(fc.constantFrom('id', 'uid', 'q'), paramValue, { maxKeys: 2 });
const secret = (name: string) => mostly(fc.constant({ secret: name }), fc.constant(`plain-${name}-value`));
const auth = fc.oneof(
  fc.record({ type: fc.constant('bearer'), token: secret('token') }),
  fc.record({ type: fc.constant('api_key'), api_key: secret('key'), name: mostly(fc.constant('X-Key'), fc.constant('bad name')) }, { requiredKeys: ['type', 'api_key'] }),
  fc.record({ type: fc.constant('http_basic'), username: fc.constant({ secret: 'user' }), password: mostly(fc.constant(''), fc.constant('plain-password-value')) }, { requiredKeys: ['type', 'username'] }),
  fc.constant({ type: 'kerberos' }),
);
const jsonPath = mostly(fc.constant('data'), fc.constant('$['));
const paginator = fc.oneof(
  mostly(fc.constantFrom('auto', 'single_page', 'header_link'), fc.constant('nope')),
  fc.record({ type: fc.constant('cursor'), cursor_path: jsonPath }),
  fc.record({ type: fc.constant('offset'), limit: fc.constant(10), total_path: jsonPath }),
);
const endpoint = fc.record(
  {
    path: fc.constantFrom('items', 'items/{uid}', 'items/{id}/x', 'users/{resources.users.id}/x'),
    params,
    method: fc.constant('POST'),
    data: fc.oneof(template.map((t) => ({ f: t })), fc.constant('a=1')),
    data_selector: jsonPath,
    paginator,
    auth,
    incremental: fc.record({ cursor_path: jsonPath, initial_value: fc.constant(1) }),
  },
  { requiredKeys: [] },
);
const resource = (name: string) => fc.oneof(fc.constant(name), fc.record({ name: fc.constant(name), endpoint }, { requiredKeys: ['name'] }));
const source = fc.record(
  {
    name: fc.constant('generated'),
    allow_plaintext_secrets: fc.boolean(),
    client: fc.record({ base_url: fc.constant('https://api.example.com/v1/'), auth, paginator }, { requiredKeys: ['base_url'] }),
    resource_defaults: fc.record({ endpoint }, { requiredKeys: [] }),
    resources: fc.subarray([...NAMES], { minLength: 1 }).chain((names) => fc.tuple(...names.map(resource))),
  },
  { requiredKeys: ['name', 'client', 'resources'] },
);

type Definition = { client: Record<string, unknown>; resource_defaults?: { endpoint?: Record<string, unknown> }; resources: unknown[] };

/** The paths of the `key` blocks a definition holds: the client's, the defaults' and each resource's own. */
function blocksWritten(definition: Definition, key: 'auth' | 'paginator'): string[] {
  const out: string[] = [];
  if (definition.client[key] !== undefined) out.push(`client.${key}`);
  if (definition.resource_defaults?.endpoint?.[key] !== undefined) out.push(`resource_defaults.endpoint.${key}`);
  definition.resources.forEach((r, i) => {
    const own = typeof r === 'object' && r !== null ? (r as { endpoint?: Record<string, unknown> }).endpoint : undefined;
    if (own?.[key] !== undefined) out.push(`resources[${i}].endpoint.${key}`);
  });
  return out.sort();
}

/** The model of a definition validate accepts; undefined for one it refuses. */
function acceptedModel(definition: unknown): SourceModel | undefined {
  try {
    return validateSource(definition);
  } catch (error) {
    if (error instanceof ConfigValidationError) return undefined;
    throw error;
  }
}

/** The run's own wiring (secrets resolved from a real store, auth and HTTP set up), with every secret the model names. */
function runContext(model: SourceModel) {
  const values = Object.fromEntries(model.secrets.map((s) => [s.parameter, 'resolved-secret-value']));
  return createRunContext({ source: model, secrets: new FileSecretStore(values), logger: silentLogger, metrics: new RunMetrics(model.name) });
}

describe('property: the model holds every block the file does, and what validate accepts runs', () => {
  it('keeps each auth and paginator block once, at its path, and accepts only sources whose first requests build', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(source, async (definition) => {
        const model = acceptedModel(definition);
        if (!model) return;
        accepted += 1;
        const kept = (nodes: Array<{ at: string } | undefined>): string[] => [...new Set(nodes.flatMap((n) => (n ? [n.at] : [])))].sort();
        const { resources } = model;
        expect(kept(resources.flatMap((r) => [r.endpoint.auth, ...r.endpoint.written.overriddenAuth]))).toEqual(blocksWritten(definition as Definition, 'auth'));
        const paginators = kept(resources.flatMap((r) => [r.endpoint.paginator, ...r.endpoint.written.overriddenPaginators]));
        // Beyond the blocks written: the default (auto at client.paginator) and the single-entity path's single_page.
        expect(paginators.filter((at) => !at.endsWith('.path') && !(at === 'client.paginator' && definition.client.paginator === undefined))).toEqual(
          blocksWritten(definition as Definition, 'paginator'),
        );
        const run = await runContext(model);
        for (const r of resources) {
          createPaginator(r.endpoint.paginator, silentLogger);
          const vars = { parent: r.parent ? { id: 7 } : undefined, incremental: { start_value: '2026-01-01T00:00:00Z' } };
          const fetch = run.fetchContext(r, vars, { logger: silentLogger });
          const request = buildRequest(r, vars, fetch.resolveSecret, model.client.baseUrl);
          new Request(requestUrl(request), { method: request.method, headers: request.headers });
        }
      }),
      propertyParameters(300),
    );
    // Not vacuous: a good share of the generated sources is accepted and run through the checks.
    expect(accepted).toBeGreaterThan(10);
  });
});
