import { issuesOrNone } from './support/issuesOf';
import { validateSource } from '../../../lambdas/config/validateSource';

function issuesOf(incremental: Record<string, unknown>, where: 'resource' | 'defaults' = 'resource'): Array<{ path: string; message: string }> {
  const endpoint = { path: 'events', incremental: { cursor_path: 'updated_at', ...incremental } };
  const definition =
    where === 'resource'
      ? { name: 'acme', client: { base_url: 'https://api.acme.test/' }, resources: [{ name: 'events', endpoint }] }
      : { name: 'acme', client: { base_url: 'https://api.acme.test/' }, resource_defaults: { endpoint: { incremental: endpoint.incremental } }, resources: ['events'] };
  return issuesOrNone(definition);
}

const at = 'resources[0].endpoint.incremental';

describe('incremental bounds at validate', () => {
  it('refuses an initial_value that is neither a number nor a date-time, naming the field and the accepted forms', () => {
    expect(issuesOf({ initial_value: 'yesterday' })).toEqual([
      {
        path: `${at}.initial_value`,
        message: expect.stringMatching(/^"yesterday" is not a cursor value; accepted: a number \(42, 1.5, or as a string "42"\) or an ISO 8601 \/ RFC 3339 date or date-time \(2026-01-31, 2026-01-31T00:00:00Z\)$/),
      },
    ]);
    expect(issuesOf({ initial_value: 'yesterday' }, 'defaults')).toEqual([expect.objectContaining({ path: 'resource_defaults.endpoint.incremental.initial_value' })]);
  });

  it("checks dlt's incremental param form too, naming the param", () => {
    const definition = {
      name: 'acme',
      client: { base_url: 'https://api.acme.test/' },
      resources: [{ name: 'events', endpoint: { path: 'events', params: { since: { type: 'incremental', cursor_path: 'updated_at', initial_value: 'yesterday' } } } }],
    };
    expect(() => validateSource(definition)).toThrow(/resources\[0\]\.endpoint\.params\.since\.initial_value: "yesterday" is not a cursor value/);
  });

  it('refuses an end_value of no type, of another type than initial_value, before it, or without initial_value', () => {
    expect(issuesOf({ initial_value: 1, end_value: 'tomorrow' })).toEqual([expect.objectContaining({ path: `${at}.end_value`, message: expect.stringMatching(/^"tomorrow" is not a cursor value/) })]);
    expect(issuesOf({ initial_value: 1, end_value: '2026-01-01' })[0].message).toBe('"2026-01-01" is a date-time, but initial_value 1 is a number: a cursor holds one type');
    expect(issuesOf({ initial_value: '2026-02-01', end_value: '2026-01-01' })[0].message).toMatch(/is empty: end_value must be after initial_value/);
    expect(issuesOf({ initial_value: 5, end_value: 5 })[0].message).toMatch(/is empty/);
    expect(issuesOf({ initial_value: 5, end_value: 5, range_end: 'closed' })).toEqual([]);
    expect(issuesOf({ end_value: 5 })[0]).toEqual({ path: `${at}.end_value`, message: expect.stringMatching(/^needs initial_value/) });
  });

  it('accepts numbers, numeric strings, dates and date-times with offsets', () => {
    for (const initial_value of [0, '42', '2026-01-31', '2026-01-31T00:00:00Z', '2026-01-31T10:00:00.123456+02:00']) expect(issuesOf({ initial_value })).toEqual([]);
    expect(issuesOf({ initial_value: '9', end_value: '10' })).toEqual([]);
  });

  it('checks datetime_format and reads the bounds with it', () => {
    expect(issuesOf({ datetime_format: '%d/%m/%Y', initial_value: '31/01/2026' })).toEqual([]);
    expect(issuesOf({ datetime_format: '%d/%m/%Y', initial_value: '2026-01-31' })).toEqual([]);
    expect(issuesOf({ datetime_format: '%d/%m/%Y', initial_value: '31/02/2026' })[0].path).toBe(`${at}.initial_value`);
    expect(issuesOf({ datetime_format: '%d/%q/%Y' })[0]).toEqual({ path: `${at}.datetime_format`, message: expect.stringMatching(/^unknown directive %q/) });
    expect(issuesOf({ datetime_format: '%H:%M' })[0].message).toMatch(/needs %Y, %m and %d/);
  });

  it('refuses convert in a JSON source, pointing to the TypeScript form', () => {
    expect(issuesOf({ convert: 'lambda v: v' })).toEqual([
      { path: `${at}.convert`, message: expect.stringMatching(/^convert is a function .* only in a TypeScript source: `incremental: \{ convert: \(value\) => … \}`/) },
    ]);
    expect(issuesOf({ convert: (v: unknown) => v })).toEqual([]);
  });

  it('refuses unknown range and order values', () => {
    expect(issuesOf({ row_order: 'newest' })[0].path).toBe(`${at}.row_order`);
    expect(issuesOf({ range_start: 'half' })[0].path).toBe(`${at}.range_start`);
  });
});
