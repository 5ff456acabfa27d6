import type { NormalizedIncremental } from '../../../lambdas/config/NormalizedSource';
import { CursorValueMissingError } from '../../../lambdas/errors/CursorValueMissingError';
import { IncrementalCursor } from '../../../lambdas/incremental/IncrementalCursor';
import { compareCursor } from '../../../lambdas/incremental/compareCursor';

const config = (extra: Partial<NormalizedIncremental> = {}): NormalizedIncremental => ({
  cursor_path: 'updated_at',
  initial_value: '2024-01-01T00:00:00Z',
  onCursorValueMissing: 'raise',
  lag: 0,
  ...extra,
});

describe('IncrementalCursor', () => {
  it('starts at initial_value when nothing was committed', () => {
    expect(new IncrementalCursor(config()).startValue).toBe('2024-01-01T00:00:00Z');
  });

  it('starts at the stored value minus lag in seconds for timestamps', () => {
    const cursor = new IncrementalCursor(config({ lag: 3600 }), '2024-05-01T10:00:00Z');
    expect(cursor.startValue).toBe('2024-05-01T09:00:00Z');
  });

  it('starts at the stored value minus lag in units for numbers', () => {
    expect(new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 0, lag: 10 }), 500).startValue).toBe(490);
  });

  it('uses a backfill window instead of the stored value', () => {
    const cursor = new IncrementalCursor(config({ end_value: '2030-01-01T00:00:00Z' }), '2024-05-01T00:00:00Z', { from: '2023-01-01T00:00:00Z', to: '2023-02-01T00:00:00Z' });
    expect(cursor.templateVars()).toEqual({
      initial_value: '2024-01-01T00:00:00Z',
      start_value: '2023-01-01T00:00:00Z',
      last_value: '2023-01-01T00:00:00Z',
      end_value: '2023-02-01T00:00:00Z',
    });
  });

  it('tracks the highest value seen, comparing timestamps by instant', () => {
    const cursor = new IncrementalCursor(config());
    cursor.observe({ updated_at: '2024-03-01T12:00:00+02:00' }, 0);
    cursor.observe({ updated_at: '2024-03-01T11:00:00Z' }, 1);
    cursor.observe({ updated_at: '2024-02-01T00:00:00Z' }, 2);
    expect(cursor.lastValue).toBe('2024-03-01T11:00:00Z');
  });

  it('compares numbers numerically, not as text', () => {
    expect(compareCursor(9, 10)).toBeLessThan(0);
    const cursor = new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 0 }));
    [9, 10, 2].forEach((seq, i) => cursor.observe({ seq }, i));
    expect(cursor.lastValue).toBe(10);
  });

  it('excludes records below the start and at or after the end', () => {
    const cursor = new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 10, end_value: 20 }));
    expect([9, 10, 19, 20].map((seq, i) => cursor.observe({ seq }, i))).toEqual(['exclude', 'keep', 'keep', 'exclude']);
    expect(cursor.lastValue).toBe(19);
  });

  it('raises with the record position when the cursor field is missing', () => {
    const cursor = new IncrementalCursor(config());
    expect(() => cursor.observe({ id: 1 }, 7)).toThrow(CursorValueMissingError);
    expect(() => cursor.observe({ id: 1 }, 'page 2, record 3')).toThrow(/record at page 2, record 3 has no value at cursor_path "updated_at" \(its fields: "id"\)/);
  });

  it('includes or excludes records without the cursor as on_cursor_value_missing says', () => {
    expect(new IncrementalCursor(config({ onCursorValueMissing: 'include' })).observe({ id: 1 }, 0)).toBe('keep');
    expect(new IncrementalCursor(config({ onCursorValueMissing: 'exclude' })).observe({ updated_at: null }, 0)).toBe('exclude');
  });

  it('never moves below the stored value and resumes from a restored one', () => {
    const cursor = new IncrementalCursor(config({ lag: 60 }), '2024-05-01T00:00:00Z');
    cursor.observe({ updated_at: '2024-04-30T23:59:30Z' }, 0);
    expect(cursor.lastValue).toBe('2024-05-01T00:00:00Z');
    cursor.restore('2024-06-01T00:00:00Z');
    expect(cursor.lastValue).toBe('2024-06-01T00:00:00Z');
  });
});
