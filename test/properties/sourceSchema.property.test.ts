/**
 * Property: whatever a user (or a broken generator) hands to `validateSource`,
 * it either returns a normalized source or throws `ConfigValidationError`, and
 * every issue of that error names a field path that exists in the input (or the
 * parent of a missing field), or, at the root, says specifically what is wrong.
 * Inputs: valid definitions mutated (fields deleted, renamed, retyped; unknown
 * keys; huge strings; deep nesting), and arbitrary JSON-like values.
 */
import fc from 'fast-check';
import { validateSource } from '../../lambdas/config/validateSource';
import { ConfigValidationError } from '../../lambdas/errors/ConfigValidationError';
import { propertyParameters } from './propertySettings';

type Segment = string | number;

const MAX_MESSAGE_LENGTH = 1_000;

/** Valid definitions covering every major block: auth kinds, paginators, incremental, parents, run/deploy. */
const VALID_SOURCES: readonly unknown[] = [
  { name: 'minimal', client: { base_url: 'https://api.example.com/v1' }, resources: ['items'] },
  {
    name: 'bearer-offset',
    schedule: 'rate(1 hour)',
    client: {
      base_url: 'https://api.example.com/v1/',
      auth: { type: 'bearer', token: { secret: 'token' } },
      paginator: { type: 'offset', limit: 100, total_path: 'meta.total' },
      headers: { 'X-Client': 'sluice' },
      retries: { limit: 2, max_delay_ms: 1000 },
    },
    resources: [{ name: 'issues', primary_key: 'id', endpoint: { path: 'issues', data_selector: 'data', params: { state: 'all' } } }],
  },
  {
    name: 'oauth-parent',
    client: {
      base_url: 'https://api.example.com',
      auth: {
        type: 'oauth2_client_credentials',
        access_token_url: 'https://auth.example.com/token',
        client_id: { ssm: '/acme/client_id' },
        client_secret: { ssm: '/acme/client_secret' },
        scopes: ['read', 'write'],
      },
    },
    resources: [
      {
        name: 'users',
        endpoint: {
          path: 'users',
          paginator: { type: 'cursor', cursor_path: 'next_cursor', cursor_param: 'after' },
          incremental: { cursor_path: 'updated_at', initial_value: '2026-01-01T00:00:00Z', start_param: 'since', lag: 60 },
        },
      },
      { name: 'posts', include_from_parent: ['id'], endpoint: { path: 'users/{resources.users.id}/posts', paginator: 'header_link' } },
    ],
    run: { part_max_records: 1000, max_continuations: 3 },
    deploy: { memory_mb: 512, timeout_seconds: 300 },
  },
  {
    name: 'apikey-link',
    allow_plaintext_secrets: true,
    client: { base_url: 'http://localhost:8080', auth: { type: 'api_key', name: 'key', api_key: 'plain-key', location: 'query' }, allowed_hosts: ['cdn.example.com'] },
    resource_defaults: { endpoint: { paginator: { type: 'json_link', next_url_path: 'paging.next' } }, max_pages: 10 },
    resources: [
      {
        name: 'events',
        endpoint: {
          method: 'POST',
          json: { filter: { since: '{incremental.start_value}' } },
          response_actions: [{ status_code: 404, action: 'ignore' }, { content: 'rate limited', action: 'retry' }],
          incremental: { cursor_path: '$.seq', initial_value: 0 },
          auth: { type: 'http_basic', username: 'etl', password: { secret: 'password' } },
        },
      },
    ],
  },
];

const wrongTypes = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('rename' as const), at: fc.nat(), suffix: fc.string({ minLength: 1, maxLength: 6 }) }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(), value: wrongTypes }),
  fc.record({ op: fc.constant('inject' as const), at: fc.nat(), key: fc.string({ maxLength: 12 }), value: wrongTypes }),
  fc.record({ op: fc.constant('huge' as const), at: fc.nat(), length: fc.constantFrom(10_000, 300_000), char: fc.constantFrom('x', '{', '/', '\u00e9', '\n') }),
  fc.record({ op: fc.constant('deep' as const), at: fc.nat(), depth: fc.constantFrom(50, 2_000, 20_000), asArray: fc.boolean() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Mutations reach this deep; a nested value planted by an earlier mutation is not walked further.
const MAX_MUTATION_DEPTH = 12;

/** Every path to a node of `value` down to {@link MAX_MUTATION_DEPTH}, the root included. */
function nodePaths(value: unknown, prefix: Segment[] = [], out: Segment[][] = []): Segment[][] {
  out.push(prefix);
  if (prefix.length >= MAX_MUTATION_DEPTH) return out;
  if (Array.isArray(value)) value.forEach((v, i) => nodePaths(v, [...prefix, i], out));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) nodePaths(v, [...prefix, k], out);
  return out;
}

function nodeAt(root: unknown, path: readonly Segment[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<Segment, unknown>)[key], root);
}

function nested(depth: number, asArray: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** Applies `m` to `root` in place (the root itself can only be replaced: the new root is returned). */
function mutate(root: unknown, m: Mutation): unknown {
  const paths = nodePaths(root);
  const path = paths[m.at % paths.length];
  const replacement =
    m.op === 'retype' ? m.value : m.op === 'huge' ? m.char.repeat(m.length) : m.op === 'deep' ? nested(m.depth, m.asArray) : undefined;
  if (path.length === 0) {
    if (replacement !== undefined) return replacement;
    if (m.op === 'inject' && isObject(root)) root[m.key] = m.value;
    return root;
  }
  const parent = nodeAt(root, path.slice(0, -1)) as Record<Segment, unknown> | unknown[];
  const key = path[path.length - 1];
  if (replacement !== undefined) (parent as Record<Segment, unknown>)[key] = replacement;
  else if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (m.op === 'rename' && !Array.isArray(parent)) {
    parent[`${String(key)}${m.suffix}`] = parent[key];
    delete parent[key];
  } else if (m.op === 'inject') {
    const target = nodeAt(root, path);
    if (isObject(target)) target[m.key] = m.value;
  }
  return root;
}

const SEGMENT = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** Parses an issue path (`resources[2].endpoint["odd key"]`); undefined when it is not in that grammar. */
function parseIssuePath(text: string): Segment[] | undefined {
  const out: Segment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < text.length) {
    const start = SEGMENT.lastIndex;
    const m = SEGMENT.exec(text);
    if (!m || m.index !== start) return undefined;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
  }
  return out;
}

/** How many leading segments of `path` exist in `input`. */
function resolvedDepth(input: unknown, path: readonly Segment[]): number {
  let node = input;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const has = Array.isArray(node) ? typeof key === 'number' && key < node.length : isObject(node) && Object.prototype.hasOwnProperty.call(node, key);
    if (!has) return i;
    node = (node as Record<Segment, unknown>)[key];
  }
  return path.length;
}

/** Fails unless `validateSource(input)` returns, or throws a ConfigValidationError whose issues all point into `input`. */
function assertValidatesCleanly(input: unknown): void {
  let error: unknown;
  try {
    validateSource(input);
    return;
  } catch (caught) {
    error = caught;
  }
  if (!(error instanceof ConfigValidationError)) {
    const e = error as Error;
    throw new Error(`validateSource threw ${e?.name ?? typeof e} instead of ConfigValidationError: ${e?.message}\n${e?.stack ?? ''}`);
  }
  expect(error.issues.length).toBeGreaterThan(0);
  for (const issue of error.issues) {
    expect(issue.message.trim()).not.toBe('');
    // A huge input value must not turn into a huge message.
    expect(issue.message.length).toBeLessThan(MAX_MESSAGE_LENGTH);
    if (issue.path === '') {
      expect(issue.message).not.toMatch(/^invalid input$/i);
      continue;
    }
    const segments = parseIssuePath(issue.path);
    if (!segments) throw new Error(`issue path "${issue.path}" is not a field path (message: ${issue.message})`);
    const depth = resolvedDepth(input, segments);
    if (depth < segments.length - 1) {
      throw new Error(`issue path "${issue.path}" names neither a field of the input nor the parent of a missing one (message: ${issue.message})`);
    }
  }
}

describe('validateSource (property)', () => {
  it('accepts every base definition the mutations start from', () => {
    for (const source of VALID_SOURCES) expect(() => validateSource(source)).not.toThrow();
  });

  it('returns or throws ConfigValidationError with field paths for mutated definitions', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID_SOURCES), fc.array(mutation, { minLength: 1, maxLength: 4 }), (base, mutations) => {
        let input = structuredClone(base);
        for (const m of mutations) input = mutate(input, m);
        assertValidatesCleanly(input);
      }),
      propertyParameters(300),
    );
  });

  it('returns or throws ConfigValidationError with field paths for arbitrary values', () => {
    const source = fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.record({ name: fc.oneof(fc.string(), wrongTypes), client: fc.oneof(fc.record({ base_url: fc.oneof(fc.webUrl(), fc.string()) }), wrongTypes), resources: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), wrongTypes) }, { requiredKeys: [] }),
    );
    fc.assert(fc.property(source, (input) => assertValidatesCleanly(input)), propertyParameters(300));
  });

  it('names the field for every rejection of a single retyped field', () => {
    // One field retyped: the reported path is that field (or below it), never only an ancestor.
    const base = VALID_SOURCES[1] as Record<string, unknown>;
    const leafPaths = nodePaths(base).filter((p) => p.length > 0 && typeof nodeAt(base, p) !== 'object');
    fc.assert(
      fc.property(fc.constantFrom(...leafPaths), fc.constantFrom<unknown>(42, true, null, [], {}), (path, value) => {
        const input = structuredClone(base);
        (nodeAt(input, path.slice(0, -1)) as Record<Segment, unknown>)[path[path.length - 1]] = value;
        try {
          validateSource(input);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigValidationError);
          const paths = (error as ConfigValidationError).issues.map((i) => parseIssuePath(i.path) ?? []);
          // The retyped field's own path, or a shorter prefix of it only when a union reports its parent.
          expect(paths.some((p) => p.length >= path.length - 1 && path.slice(0, p.length).every((s, i) => s === p[i]))).toBe(true);
        }
      }),
      propertyParameters(200),
    );
  });
});
