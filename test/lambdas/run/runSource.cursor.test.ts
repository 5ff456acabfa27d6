import { validateSource } from '../../../lambdas/config/validateSource';
import { ResourceSelectionError } from '../../../lambdas/errors/ResourceSelectionError';
import { recordKey } from '../../../lambdas/run/boundaryDedupe';
import { ChainCursor } from '../../../lambdas/run/ChainCursor';
import { includedFields, includedName } from '../../../lambdas/run/parentFields';
import { planResources } from '../../../lambdas/run/resourcePlan';
import { incrementalOf } from '../../support/incremental';

const incremental = incrementalOf({ cursor_path: 'updated_at' });
const resource = 'items';

describe('ChainCursor', () => {
  it('drops records at the stored boundary that the last committed run wrote, keeping new ones at the same value', () => {
    const cursor = new ChainCursor({ resource, incremental, primaryKey: ['id'], stored: { last_value: '2026-01-01T00:05:00Z', boundary_keys: ['5'] } });
    expect(cursor.vars.start_value).toBe('2026-01-01T00:05:00Z');
    expect(cursor.accept({ id: 5, updated_at: '2026-01-01T00:05:00Z' }, 0)).toBe(false);
    expect(cursor.accept({ id: 9, updated_at: '2026-01-01T00:05:00Z' }, 1)).toBe(true);
    expect(cursor.state()).toEqual({ last_value: '2026-01-01T00:05:00Z', boundary_keys: ['5', '9'], cursor_type: 'datetime' });
    expect(cursor.accept({ id: 6, updated_at: '2026-01-01T00:06:00Z' }, 2)).toBe(true);
    expect(cursor.state()).toEqual({ last_value: '2026-01-01T00:06:00Z', boundary_keys: ['6'], cursor_type: 'datetime' });
  });

  it('keys records by a hash of their JSON without a primary key', () => {
    const record = { a: 1, updated_at: 3 };
    const cursor = new ChainCursor({ resource, incremental, primaryKey: undefined, stored: { last_value: 3, boundary_keys: [recordKey(record, undefined)] } });
    expect(cursor.accept({ a: 1, updated_at: 3 }, 0)).toBe(false);
    expect(cursor.accept({ a: 2, updated_at: 3 }, 1)).toBe(true);
  });

  it('does not deduplicate with lag, nor in a backfill window', () => {
    const stored = { last_value: 10, boundary_keys: ['1'] };
    expect(new ChainCursor({ resource, incremental: { ...incremental, lag: 2 }, primaryKey: ['id'], stored }).accept({ id: 1, updated_at: 10 }, 0)).toBe(true);
    const backfill = new ChainCursor({ resource, incremental, primaryKey: ['id'], stored, window: { from: 5, to: 11 } });
    expect(backfill.vars).toEqual({ initial_value: incremental.initialValue, start_value: 5, last_value: 5, end_value: 11 });
    expect(backfill.accept({ id: 1, updated_at: 10 }, 0)).toBe(true);
  });

  it('resumes from checkpoint progress but keeps the committed start value', () => {
    const cursor = new ChainCursor({ resource, incremental, primaryKey: ['id'], stored: { last_value: 3, boundary_keys: ['3'] }, progress: { last_value: 7, boundary_keys: ['7'] } });
    expect(cursor.vars.start_value).toBe(3);
    expect(cursor.accept({ id: 5, updated_at: 5 }, 0)).toBe(true);
    expect(cursor.state()).toEqual({ last_value: 7, boundary_keys: ['7'], cursor_type: 'number' });
  });
});

describe('parentFields', () => {
  it('names included fields _<parent>_<field with dots as underscores>', () => {
    expect(includedName('issues', 'id')).toBe('_issues_id');
    expect(includedName('issues', 'user.login')).toBe('_issues_user_login');
    expect(includedName('issues', '$.user.login')).toBe('_issues_user_login');
    expect(includedFields({ resource: 'issues', fields: ['id'], includeFromParent: ['id', 'user.login'] }, { id: 4, user: { login: 'ann' } })).toEqual({
      _issues_id: 4,
      _issues_user_login: 'ann',
    });
  });
});

describe('planResources', () => {
  const source = validateSource({
    name: 'gh',
    client: { base_url: 'https://api.example.com' },
    resources: ['repos', { name: 'issues', endpoint: 'repos/{resources.repos.name}/issues' }, { name: 'comments', endpoint: 'issues/{resources.issues.id}/comments' }, 'users'],
  });

  it('adds the parents a selection needs, fetched but not written', () => {
    expect(planResources(source, ['comments']).map((p) => [p.resource.name, p.written, p.isParent])).toEqual([
      ['repos', false, true],
      ['issues', false, true],
      ['comments', true, false],
    ]);
  });

  it('rejects an unknown resource name, listing the resources', () => {
    expect(() => planResources(source, ['issuez'])).toThrow(ResourceSelectionError);
    expect(() => planResources(source, ['issuez'])).toThrow(/no resource "issuez"; resources: repos, issues, comments, users/);
  });
});
