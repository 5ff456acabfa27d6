import { issuesOf } from './support/issuesOf';
import { validateSource } from '../../../lambdas/config/validateSource';
import { replaceIncrementalIssues } from '../../../lambdas/config/destinationHints';
import { ConfigValidationError } from '../../../lambdas/errors/ConfigValidationError';

const base = { name: 'acme', client: { base_url: 'https://api.acme.test/v1/' } };

function source(resources: unknown[], resourceDefaults?: unknown): unknown {
  return { ...base, ...(resourceDefaults ? { resource_defaults: resourceDefaults } : {}), resources };
}

describe('write hints (write_disposition, primary_key, merge_key, table_name)', () => {
  it('defaults to append, with the resource name as its table', () => {
    const [r] = validateSource(source(['users'])).resources;
    expect(r).toMatchObject({ name: 'users', tableName: 'users', writeDisposition: 'append', primaryKey: undefined, mergeKey: undefined });
  });

  it("accepts a disposition as a string or as dlt's {disposition} object, per resource or in resource_defaults", () => {
    const normalized = validateSource(
      source(
        [
          { name: 'a', write_disposition: 'replace' },
          { name: 'b', write_disposition: { disposition: 'merge', strategy: 'upsert' }, primary_key: ['org', 'id'] },
          { name: 'c' },
          { name: 'd', write_disposition: { disposition: 'append' } },
        ],
        { write_disposition: { disposition: 'merge' }, primary_key: 'id', merge_key: 'day' },
      ),
    );
    expect(normalized.resources.map((r) => [r.name, r.writeDisposition, r.primaryKey, r.mergeKey])).toEqual([
      ['a', 'replace', ['id'], ['day']],
      ['b', 'merge', ['org', 'id'], ['day']],
      ['c', 'merge', ['id'], ['day']],
      ['d', 'append', ['id'], ['day']],
    ]);
  });

  it('refuses merge without a primary key, naming the field and the resource', () => {
    expect(issuesOf(source([{ name: 'users', write_disposition: 'merge' }]))).toEqual([
      { path: 'resources[0].write_disposition', message: expect.stringMatching(/"merge" .*resource "users" needs "primary_key"/) },
    ]);
    expect(issuesOf(source(['users'], { write_disposition: { disposition: 'merge' } }))).toEqual([
      { path: 'resource_defaults.write_disposition', message: expect.stringMatching(/resource "users" needs "primary_key"/) },
    ]);
  });

  it('refuses an unknown disposition and the scd2 strategy', () => {
    expect(issuesOf(source([{ name: 'users', write_disposition: 'upsert' }]))[0].path).toBe('resources[0].write_disposition');
    const scd2 = issuesOf(source([{ name: 'users', primary_key: 'id', write_disposition: { disposition: 'merge', strategy: 'scd2' } }]));
    expect(scd2).toEqual([{ path: 'resources[0].write_disposition.strategy', message: 'got "scd2"; accepted: "delete-insert", "upsert"' }]);
  });

  it('takes table_name as the output table instead of the name', () => {
    const [r] = validateSource(source([{ name: 'users', table_name: 'people' }])).resources;
    expect(r).toMatchObject({ name: 'users', tableName: 'people' });
  });

  it('refuses a table_name that is not a plain string, or that another resource already writes', () => {
    expect(issuesOf(source([{ name: 'users', table_name: { from: 'type' } }]))).toEqual([
      { path: 'resources[0].table_name', message: 'expected string, got object' },
    ]);
    expect(issuesOf(source([{ name: 'users', table_name: (r: { type: string }) => r.type }]))).toEqual([
      { path: 'resources[0].table_name', message: expect.stringMatching(/^table_name as a function \(dlt's hint computed per record\) is not accepted: each resource writes one table/) },
    ]);
    expect(issuesOf(source(['people', { name: 'users', table_name: 'people' }]))).toEqual([
      { path: 'resources[1].table_name', message: expect.stringMatching(/table "people" is also the table of resources\[0\]/) },
    ]);
    expect(issuesOf(source([{ name: 'users', table_name: '../x' }]))[0].path).toBe('resources[0].table_name');
  });

  describe('replace over an incremental cursor', () => {
    const incremental = { cursor_path: 'updated_at', initial_value: '2026-01-01T00:00:00Z' };
    const definition = source(
      [
        { name: 'snapshots', write_disposition: 'replace', endpoint: { incremental } },
        { name: 'window', write_disposition: 'replace', endpoint: { incremental: { ...incremental, end_value: '2026-02-01T00:00:00Z' } } },
        { name: 'events', endpoint: { incremental } },
        { name: 'dlt_form', endpoint: { params: { since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2026-01-01T00:00:00Z' } } } },
      ],
      { write_disposition: 'replace' },
    );

    it('is accepted, as dlt accepts it, with a warning at the incremental saying the view holds only the latest window', () => {
      const model = validateSource(definition);
      expect(replaceIncrementalIssues(model)).toEqual([
        { path: 'resources[0].endpoint.incremental', message: expect.stringContaining('each run replaces the table with only what it read since the committed cursor') },
        { path: 'resources[2].endpoint.incremental', message: expect.stringContaining('use "merge" with a primary_key, or "append"') },
        { path: 'resources[3].endpoint.params.since', message: expect.stringContaining('every earlier record leaves the committed view') },
      ]);
    });

    it('is refused with --strict, at the same paths', () => {
      const error = (() => {
        try {
          validateSource(definition, { strict: true });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as ConfigValidationError).issues.map((i) => i.path)).toEqual(['resources[0].endpoint.incremental', 'resources[2].endpoint.incremental', 'resources[3].endpoint.params.since']);
    });
  });
});
