import { validateSource } from '../../../lambdas/config/validateSource';
import { registerPaginator, unregisterPaginator } from '../../../lambdas/paginators';
import { ContinuationHeaderPaginator } from '../../../sources/examples/paginators/ContinuationHeaderPaginator';
import { issuesOf, issuesOrNone } from './support/issuesOf';

const BUILT_INS = 'json_link, json_response, header_link, offset, page_number, cursor, header_cursor, single_page, auto';

/** A one-resource source whose endpoint declares `paginator`. */
const withPaginator = (paginator: unknown, extra: Record<string, unknown> = {}) => ({
  name: 'acme',
  client: { base_url: 'https://api.example.test' },
  resources: [{ name: 'items', endpoint: { paginator } }],
  ...extra,
});

describe('validateSource: paginators registered with registerPaginator', () => {
  it('accepts a registered type and carries it in the model as a custom node with its block and config path', () => {
    const source = validateSource(withPaginator({ type: 'continuation_header', page_size: 50, token_header: 'X-Token' }));
    expect(source.resources[0].endpoint.paginator).toEqual({
      type: 'custom',
      at: 'resources[0].endpoint.paginator',
      name: 'continuation_header',
      config: { type: 'continuation_header', page_size: 50, token_header: 'X-Token' },
    });
    expect(Object.isFrozen(source.resources[0].endpoint.paginator)).toBe(true);
  });

  it('takes a registered type from client.paginator and resource_defaults like a built-in one', () => {
    const source = validateSource({
      name: 'acme',
      client: { base_url: 'https://api.example.test', paginator: { type: 'continuation_header', page_size: 10 } },
      resource_defaults: { endpoint: { paginator: { type: 'continuation_header', page_size: 20 } } },
      resources: ['items', { name: 'users', endpoint: { paginator: 'single_page' } }],
    });
    expect(source.resources.map((r) => [r.endpoint.paginator.type, r.endpoint.paginator.at])).toEqual([
      ['custom', 'resource_defaults.endpoint.paginator'],
      ['single_page', 'resources[1].endpoint.paginator'],
    ]);
  });

  it('reports a bad option with its field path, as the factory validates its own block', () => {
    expect(issuesOf(withPaginator({ type: 'continuation_header', page_size: 0, page_param: '' }))).toEqual([
      { path: 'resources[0].endpoint.paginator.page_size', message: 'Too small: expected number to be >=1' },
      { path: 'resources[0].endpoint.paginator.page_param', message: 'Too small: expected string to have >=1 characters' },
    ]);
    expect(issuesOf(withPaginator({ type: 'continuation_header', page_size: 10, page_sise: 10 }))).toEqual([
      { path: 'resources[0].endpoint.paginator', message: 'unknown key "page_sise" (a typo? unknown keys are not accepted)' },
    ]);
  });

  it('names the block a bad option was declared in: client.paginator, resource_defaults, the string shorthand', () => {
    expect(
      issuesOf({
        name: 'acme',
        client: { base_url: 'https://api.example.test', paginator: { type: 'continuation_header' } },
        resource_defaults: { endpoint: { paginator: { type: 'continuation_header', page_size: 'ten' } } },
        resources: [{ name: 'items', endpoint: { paginator: 'continuation_header' } }],
      }),
    ).toEqual([
      { path: 'client.paginator.page_size', message: 'required (number)' },
      { path: 'resource_defaults.endpoint.paginator.page_size', message: 'expected number, got string' },
      { path: 'resources[0].endpoint.paginator.page_size', message: 'required (number)' },
    ]);
  });

  it('reports the options of a custom paginator together with the other problems of the file', () => {
    const issues = issuesOf({
      name: 'acme',
      client: { base_url: 'https://api.example.test' },
      resources: [
        { name: 'items', endpoint: { paginator: { type: 'continuation_header', page_size: 5000 } } },
        { name: 'items', endpoint: { paginator: { type: 'offset', limit: 10 } } },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(['resources[1].name', 'resources[1].name', 'resources[0].endpoint.paginator.page_size']);
  });

  it('refuses an unknown type, listing the built-in types and the registered ones, in the object and the string form', () => {
    const message = `unknown paginator type "continuation"; accepted: ${BUILT_INS}, continuation_header (custom types need registerPaginator("continuation", factory) in a TypeScript source)`;
    expect(issuesOf(withPaginator({ type: 'continuation', page_size: 10 }))).toEqual([{ path: 'resources[0].endpoint.paginator.type', message }]);
    expect(issuesOf(withPaginator('continuation'))).toEqual([{ path: 'resources[0].endpoint.paginator', message }]);
  });

  it('reports a factory that throws something else than a ConfigValidationError at the block', () => {
    registerPaginator('test_strict', (config) => {
      if (config.mode !== 'fast') throw new RangeError('mode must be "fast"');
      return new ContinuationHeaderPaginator({ type: 'continuation_header', page_size: 1 });
    });
    try {
      expect(issuesOrNone(withPaginator({ type: 'test_strict', mode: 'fast' }))).toEqual([]);
      expect(issuesOf(withPaginator({ type: 'test_strict', mode: 'slow' }))).toEqual([
        { path: 'resources[0].endpoint.paginator', message: 'the "test_strict" paginator refused this block: mode must be "fast"' },
      ]);
    } finally {
      unregisterPaginator('test_strict');
    }
  });

  it('still reports the fields of a built-in block, never the custom branch, however many are wrong', () => {
    expect(issuesOf(withPaginator({ type: 'offset', limit: 'x', offset: -1, total_path: 3 }))).toEqual([
      { path: 'resources[0].endpoint.paginator.limit', message: 'expected number, got string' },
      { path: 'resources[0].endpoint.paginator.offset', message: 'Too small: expected number to be >=0' },
      { path: 'resources[0].endpoint.paginator.total_path', message: 'expected string, got number' },
    ]);
    expect(issuesOf(withPaginator('offset'))).toEqual([
      { path: 'resources[0].endpoint.paginator', message: 'paginator "offset" requires arguments: write {"type": "offset", "limit": <page size>}' },
    ]);
  });
});
