import { validateSource } from '../../../lambdas/config/validateSource';
import { ConfigValidationError } from '../../../lambdas/errors/ConfigValidationError';
import type { HttpRequest } from '../../../lambdas/http/HttpTypes';
import type { Paginator, PaginatorContext } from '../../../lambdas/paginators';
import { createPaginator, registeredPaginator, registeredPaginatorTypes, registerPaginator, unregisterPaginator } from '../../../lambdas/paginators';

/** A paginator that remembers what its factory was given. */
function recordingPaginator(config: Readonly<Record<string, unknown>>, ctx: PaginatorContext): Paginator & { config: unknown; ctx: PaginatorContext } {
  return {
    config,
    ctx,
    hasNextPage: false,
    initRequest: (request: HttpRequest) => void (request.params = { ...request.params, marker: 'first' }),
    updateState: () => undefined,
    updateRequest: () => undefined,
    saveState: () => ({}),
    restoreState: () => undefined,
    describe: () => 'recording',
  };
}

afterEach(() => {
  unregisterPaginator('test_recording');
  unregisterPaginator('test_other');
});

describe('registerPaginator', () => {
  it('registers a factory under its type and lists it; unregisterPaginator removes it', () => {
    registerPaginator('test_recording', recordingPaginator);
    expect(registeredPaginator('test_recording')).toBe(recordingPaginator);
    expect(registeredPaginatorTypes()).toContain('test_recording');
    unregisterPaginator('test_recording');
    expect(registeredPaginator('test_recording')).toBeUndefined();
    expect(registeredPaginatorTypes()).not.toContain('test_recording');
  });

  it.each(['Token', 'my-type', '1st', ''])('refuses the type name %p (lowercase letters, digits and underscores only)', (type) => {
    expect(() => registerPaginator(type, recordingPaginator)).toThrow(/must be lowercase letters, digits and underscores/);
  });

  it.each(['offset', 'cursor', 'json_response', 'auto'])('refuses the built-in name %p, which the schema would never hand to a factory', (type) => {
    expect(() => registerPaginator(type, recordingPaginator)).toThrow(new TypeError(`registerPaginator: "${type}" is a built-in paginator type; register yours under another name`));
  });
});

describe('createPaginator with a custom type', () => {
  it('builds the paginator with the registered factory, from the block as written and its config path', () => {
    registerPaginator('test_recording', recordingPaginator);
    const source = validateSource({
      name: 'acme',
      client: { base_url: 'https://api.example.test', paginator: { type: 'test_recording', window: { size: 5 } } },
      resources: ['a', { name: 'b', endpoint: { paginator: 'test_recording' } }],
    });
    const [a, b] = source.resources.map((r) => createPaginator(r.endpoint.paginator) as ReturnType<typeof recordingPaginator>);
    expect(a.config).toEqual({ type: 'test_recording', window: { size: 5 } });
    expect(a.ctx).toEqual({ configPath: 'client.paginator', logger: undefined });
    expect(b.config).toEqual({ type: 'test_recording' });
    expect(b.ctx.configPath).toBe('resources[1].endpoint.paginator');
    const request: HttpRequest = { method: 'GET', url: 'https://api.example.test/a', params: {}, headers: {} };
    a.initRequest(request);
    expect(request.params).toEqual({ marker: 'first' });
  });

  it('refuses a type no longer registered with a field-path error listing the built-ins and the registered types', () => {
    registerPaginator('test_recording', recordingPaginator);
    registerPaginator('test_other', recordingPaginator);
    const source = validateSource({ name: 'acme', client: { base_url: 'https://api.example.test' }, resources: [{ name: 'a', endpoint: { paginator: { type: 'test_recording' } } }] });
    unregisterPaginator('test_recording');
    const error = (() => {
      try {
        createPaginator(source.resources[0].endpoint.paginator);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).issues).toEqual([
      {
        path: 'resources[0].endpoint.paginator.type',
        message:
          'unknown paginator type "test_recording"; accepted: json_link, json_response, header_link, offset, page_number, cursor, header_cursor, single_page, auto, test_other (custom types need registerPaginator("test_recording", factory) in a TypeScript source)',
      },
    ]);
  });
});
