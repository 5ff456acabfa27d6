/**
 * Property: a file that `validateSource` accepts never fails later for a
 * reason visible in the file. For generated sources (resources as names and
 * objects, parent placeholders in the resource, in `resource_defaults` and in
 * client headers, every auth type, every paginator form, odd header names and
 * values), validation either throws `ConfigValidationError` or returns a model
 * that is complete (every node located, frozen, parents declared and first,
 * no self-parent, no cycle) and from which every runtime object builds: the
 * paginator, the auth strategy and each resource's first request.
 */
import fc from 'fast-check';
import type { AuthContext } from '../../lambdas/auth/AuthContext';
import { createAuth } from '../../lambdas/auth/createAuth';
import { validateSource } from '../../lambdas/config/validateSource';
import { ConfigValidationError } from '../../lambdas/errors/ConfigValidationError';
import { requestUrl } from '../../lambdas/http/requestUrl';
import type { ResourceModel, SourceModel } from '../../lambdas/model';
import { silentLogger } from '../../lambdas/observability/Logger';
import { createPaginator } from '../../lambdas/paginators/createPaginator';
import { buildRequest } from '../../lambdas/request/buildRequest';
import { isSecretRef, type StringOrSecret } from '../../lambdas/secrets/SecretRef';
import { testHttpClient } from '../support/httpClient';
import { propertyParameters } from './propertySettings';

const NAMES = ['users', 'posts', 'tags'] as const;

const parentRef = fc.constantFrom(...NAMES, 'nope').map((n) => `{resources.${n}.id}`);
const template = fc.oneof(fc.constantFrom('plain', 'a-{{literal}}', ''), parentRef, parentRef.map((p) => `x/${p}`));
const headerName = fc.constantFrom('X-Ok', 'Accept', 'bad name', 'x:y', 'Ünïcode', 'X-Trace');
const headerValue = fc.oneof(fc.constantFrom('v', 'a\nb', 'a\rb', 'nul\u0000', 'caf\u00e9', 'euro \u20ac', ' padded '), template, fc.constant({ secret: 'header' }));
const headers = fc.dictionary(headerName, headerValue, { maxKeys: 2 });
const params = fc.dictionary(fc.constantFrom('id', 'q', 'per_page'), fc.oneof(template, fc.integer()), { maxKeys: 2 });

const secret = (name: string) => fc.oneof(fc.constant({ secret: name }), fc.constant(`plain-${name}-value`));
const auth = fc.oneof(
  fc.record({ type: fc.constant('bearer'), token: secret('token') }),
  fc.record({ type: fc.constant('api_key'), api_key: secret('key'), name: fc.constantFrom('X-Key', 'api key', 'key'), location: fc.constantFrom('header', 'query') }, { requiredKeys: ['type', 'api_key'] }),
  fc.record({ type: fc.constant('http_basic'), username: fc.constantFrom('u', 'caf\u00e9'), password: secret('password') }, { requiredKeys: ['type', 'username'] }),
  fc.record(
    {
      type: fc.constant('oauth2_client_credentials'),
      access_token_url: fc.constant('https://auth.example.com/token'),
      client_id: fc.constant('id'),
      client_secret: secret('client_secret'),
      client_auth: fc.constantFrom('body', 'basic'),
      scopes: fc.oneof(fc.constant('read'), fc.constant(['read', 'write'])),
    },
    { requiredKeys: ['type', 'access_token_url', 'client_id', 'client_secret'] },
  ),
  fc.record(
    {
      type: fc.constant('oauth2_refresh_token'),
      access_token_url: fc.constant('https://auth.example.com/token'),
      refresh_token: fc.constant({ secret: 'refresh_token' }),
      client_id: fc.constant('id'),
      client_auth: fc.constantFrom('body', 'basic'),
    },
    { requiredKeys: ['type', 'access_token_url', 'refresh_token'] },
  ),
);
const paginator = fc.oneof(
  fc.constantFrom('auto', 'single_page', 'header_link', 'json_link', 'cursor', 'header_cursor', 'page_number', 'json_response'),
  fc.record({ type: fc.constant('offset'), limit: fc.integer({ min: 1, max: 100 }), total_path: fc.constantFrom('total', null), stop_after_empty_page: fc.boolean() }, { requiredKeys: ['type', 'limit'] }),
  fc.record({ type: fc.constant('page_number'), base_page: fc.nat(2), page_body_path: fc.constant('page.n') }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('cursor'), cursor_path: fc.constant('next'), cursor_body_path: fc.constant('after') }, { requiredKeys: ['type'] }),
);
const endpoint = fc.record(
  {
    path: template,
    params,
    headers,
    method: fc.constantFrom('GET', 'POST'),
    json: fc.oneof(fc.constant({ filter: 'x' }), template.map((t) => ({ q: t }))),
    paginator,
    auth,
    incremental: fc.constant({ cursor_path: 'updated_at', initial_value: '2026-01-01T00:00:00Z', start_param: 'since' }),
  },
  { requiredKeys: [] },
);
const resource = (name: string) =>
  fc.oneof(
    fc.constant(name),
    fc.record({ name: fc.constant(name), endpoint: fc.oneof(endpoint, template), include_from_parent: fc.constant(['id']), selected: fc.boolean() }, { requiredKeys: ['name'] }),
  );
const resources = fc.subarray([...NAMES], { minLength: 1 }).chain((names) => fc.tuple(...names.map(resource)));
const source = fc.record(
  {
    name: fc.constant('generated'),
    allow_plaintext_secrets: fc.boolean(),
    client: fc.record({ base_url: fc.constant('https://api.example.com/v1/'), headers, auth, paginator }, { requiredKeys: ['base_url'] }),
    resource_defaults: fc.record({ endpoint: fc.record({ params, headers, path: template, auth }, { requiredKeys: [] }), primary_key: fc.constant('id') }, { requiredKeys: [] }),
    resources,
  },
  { requiredKeys: ['name', 'client', 'resources'] },
);

/** Every node of the model carries its config path. */
function assertLocated(model: SourceModel): void {
  expect(model.client.at).toBe('client');
  for (const r of model.resources) {
    expect(r.at).toMatch(/^resources\[\d+\]$/);
    expect(r.endpoint.at).toBe(`${r.at}.endpoint`);
    for (const node of [r.endpoint.paginator, r.endpoint.selector, r.endpoint.auth, r.endpoint.incremental, ...r.endpoint.responseActions]) {
      if (node) expect(node.at).toMatch(/^(client|resource_defaults|resources\[\d+\])[.[]/);
    }
  }
}

/** Parents exist, come first, are never the resource itself, and form no cycle. */
function assertParents(model: SourceModel): void {
  const position = new Map(model.resources.map((r, i) => [r.name, i]));
  expect(position.size).toBe(model.resources.length);
  model.resources.forEach((r, i) => {
    if (!r.parent) return;
    expect(r.parent.resource).not.toBe(r.name);
    expect(position.get(r.parent.resource)).toBeLessThan(i);
  });
}

function context(model: SourceModel, at: string): AuthContext {
  const resolve = (value: StringOrSecret): string => (isSecretRef(value) ? 'resolved-secret-value' : value);
  return {
    sourceName: model.name,
    configPath: at,
    resolve,
    secrets: { get: () => 'resolved-secret-value', pathOf: () => '/sluice/generated/x', put: async () => undefined },
    http: testHttpClient(),
    logger: silentLogger,
    count: () => undefined,
  };
}

/** Builds what a run builds from the model before its first request goes out. */
function assertRunnable(model: SourceModel): void {
  for (const r of model.resources) {
    createPaginator(r.endpoint.paginator, silentLogger);
    if (r.endpoint.auth) createAuth(r.endpoint.auth, context(model, r.endpoint.auth.at));
    const parent = r.parent ? { id: 7 } : undefined;
    const request = buildRequest(r as ResourceModel, { parent, incremental: { start_value: '2026-01-01T00:00:00Z' } }, () => 'resolved-secret-value', model.client.baseUrl);
    // What the HTTP client does with it: a URL and headers fetch accepts.
    new Request(requestUrl(request), { method: request.method, headers: request.headers });
  }
}

describe('property: validate accepts ⇒ the model is complete and runnable', () => {
  it('never accepts a generated source that fails when its model is used', () => {
    fc.assert(
      fc.property(source, (definition) => {
        let model: SourceModel;
        try {
          model = validateSource(definition);
        } catch (error) {
          if (error instanceof ConfigValidationError) return;
          throw error;
        }
        expect(Object.isFrozen(model.resources)).toBe(true);
        expect(Object.isFrozen(model.resources[0].endpoint)).toBe(true);
        assertLocated(model);
        assertParents(model);
        assertRunnable(model);
      }),
      propertyParameters(400),
    );
  });
});
