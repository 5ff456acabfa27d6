import { CursorBoundError } from '../../../lambdas/errors/CursorBoundError';
import { CursorValueError } from '../../../lambdas/errors/CursorValueError';
import { CursorValueMissingError } from '../../../lambdas/errors/CursorValueMissingError';
import { IncrementalCursor } from '../../../lambdas/incremental/IncrementalCursor';
import type { CursorStart } from '../../../lambdas/incremental/IncrementalCursor';
import { incrementalOf } from '../../support/incremental';

const config = (extra: Record<string, unknown> = {}) => incrementalOf({ cursor_path: 'updated_at', initial_value: '2024-01-01T00:00:00Z', ...extra });
const at = (extra: Partial<CursorStart> = {}): CursorStart => ({ resource: 'items', ...extra });

describe('Class: IncrementalCursor', () => {
  describe('window', () => {
    it('starts at initial_value when nothing was committed', () => {
      expect(new IncrementalCursor(config(), at()).startValue).toBe('2024-01-01T00:00:00Z');
    });

    it('starts at the stored value minus lag in seconds for timestamps', () => {
      const cursor = new IncrementalCursor(config({ lag: 3600 }), at({ stored: '2024-05-01T10:00:00Z' }));
      expect(cursor.startValue).toBe('2024-05-01T09:00:00Z');
    });

    it('starts at the stored value minus lag in units for numbers, keeping a numeric string a string', () => {
      expect(new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 0, lag: 10 }), at({ stored: 500 })).startValue).toBe(490);
      expect(new IncrementalCursor(config({ cursor_path: 'seq', initial_value: '0', lag: 10 }), at({ stored: '12345678901234567890' })).startValue).toBe('12345678901234567880');
    });

    it('uses a backfill window instead of the stored value', () => {
      const cursor = new IncrementalCursor(config({ end_value: '2030-01-01T00:00:00Z' }), at({ stored: '2024-05-01T00:00:00Z', backfill: { from: '2023-01-01T00:00:00Z', to: '2023-02-01T00:00:00Z' } }));
      expect(cursor.templateVars()).toEqual({
        initial_value: '2024-01-01T00:00:00Z',
        start_value: '2023-01-01T00:00:00Z',
        last_value: '2023-01-01T00:00:00Z',
        end_value: '2023-02-01T00:00:00Z',
      });
      expect(cursor.stateless).toBe(true);
    });

    it('is stateless with end_value: [initial_value, end_value) whatever the state says', () => {
      const cursor = new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 10, end_value: 20 }), at({ stored: 15 }));
      expect(cursor.stateless).toBe(true);
      expect(cursor.startValue).toBe(10);
      expect([9, 10, 19, 20].map((seq, i) => cursor.observe({ seq }, i))).toEqual(['exclude', 'keep', 'keep', 'exclude']);
      expect(cursor.lastValue).toBe(19);
    });

    it('honours range_start "open" and range_end "closed"', () => {
      const cursor = new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 10, end_value: 20, range_start: 'open', range_end: 'closed' }), at());
      expect([10, 11, 20, 21].map((seq, i) => cursor.observe({ seq }, i))).toEqual(['exclude', 'keep', 'keep', 'exclude']);
    });
  });

  describe('typed comparison', () => {
    it('tracks the highest value seen, comparing timestamps by instant', () => {
      const cursor = new IncrementalCursor(config(), at());
      cursor.observe({ updated_at: '2024-03-01T12:00:00+02:00' }, 0);
      cursor.observe({ updated_at: '2024-03-01T11:00:00Z' }, 1);
      cursor.observe({ updated_at: '2024-02-01T00:00:00Z' }, 2);
      expect(cursor.lastValue).toBe('2024-03-01T11:00:00Z');
    });

    it('compares numbers numerically, not as text', () => {
      const cursor = new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 0 }), at());
      [9, 10, 2].forEach((seq, i) => cursor.observe({ seq }, i));
      expect(cursor.lastValue).toBe(10);
    });

    it('compares numeric strings as numbers: "10" is above "9"', () => {
      const cursor = new IncrementalCursor(config({ cursor_path: 'seq', initial_value: undefined }), at({ stored: '9' }));
      expect(cursor.cursorType).toBe('number');
      expect(cursor.observe({ seq: '10' }, 0)).toBe('keep');
      expect(cursor.observe({ seq: '8' }, 1)).toBe('exclude');
      expect(cursor.lastValue).toBe('10');
    });

    it('compares long integer strings exactly', () => {
      const cursor = new IncrementalCursor(config({ cursor_path: 'id', initial_value: '9007199254740993' }), at());
      expect(cursor.observe({ id: '9007199254740992' }, 0)).toBe('exclude');
      expect(cursor.observe({ id: '9007199254740994' }, 1)).toBe('keep');
    });

    it('compares date-times below the millisecond', () => {
      const cursor = new IncrementalCursor(config(), at({ stored: '2024-01-01T00:00:00.123456Z' }));
      expect(cursor.observe({ updated_at: '2024-01-01T00:00:00.123455Z' }, 0)).toBe('exclude');
      expect(cursor.observe({ updated_at: '2024-01-01T00:00:00.123457Z' }, 1)).toBe('keep');
    });

    it('takes its type from the first value seen when nothing declares it', () => {
      const cursor = new IncrementalCursor(config({ initial_value: undefined }), at());
      expect(cursor.cursorType).toBeUndefined();
      cursor.observe({ updated_at: '2024-01-01' }, 0);
      expect(cursor.cursorType).toBe('datetime');
    });

    it('reads date-times per datetime_format', () => {
      const cursor = new IncrementalCursor(config({ initial_value: '02/01/2024 00:00', datetime_format: '%d/%m/%Y %H:%M', lag: 60 }), at({ stored: '15/03/2024 10:30' }));
      expect(cursor.startValue).toBe('15/03/2024 10:29');
      expect(cursor.observe({ updated_at: '01/04/2024 00:00' }, 0)).toBe('keep');
      expect(cursor.observe({ updated_at: '01/03/2024 23:59' }, 1)).toBe('exclude');
    });
  });

  describe('values of another type', () => {
    it.each([
      ['a date-time in a numeric cursor', 5, '2024-01-01T00:00:00Z', /cursor value "2024-01-01T00:00:00Z" at cursor_path "updated_at" is not a number/],
      ['a number in a date-time cursor', '2024-01-01T00:00:00Z', 7, /cursor value 7 .* is not an ISO 8601/],
      ['a boolean', '2024-01-01T00:00:00Z', true, /cursor value true/],
      ['an object', 5, { at: 1 }, /cursor value \{"at":1\}/],
      ['an unparseable date', '2024-01-01T00:00:00Z', '2024-02-30T00:00:00Z', /cursor value "2024-02-30T00:00:00Z"/],
      ['text', undefined, 'yesterday', /cursor value "yesterday" .* is not a number .* or an ISO 8601/],
    ])('fails on %s, naming the resource, the page, the record and the value', (_, initial, value, message) => {
      const cursor = new IncrementalCursor(config({ initial_value: initial }), at());
      const observe = (): unknown => cursor.observe({ updated_at: value }, 'page 3, record 17');
      expect(observe).toThrow(CursorValueError);
      expect(observe).toThrow(/^resource "items", page 3, record 17: /);
      expect(observe).toThrow(message);
    });

    it('refuses bounds of another type before any request', () => {
      expect(() => new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 1 }), at({ backfill: { from: 'lastweek' } }))).toThrow(CursorBoundError);
      expect(() => new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 1 }), at({ backfill: { from: 'lastweek' } }))).toThrow(/resource "items": from "lastweek" is not a number/);
      expect(() => new IncrementalCursor(config(), at({ stored: 42, storedType: 'number' }))).toThrow(/initial_value "2024-01-01T00:00:00Z" is not a number like the committed state \(42\)/);
    });
  });

  describe('row_order', () => {
    it('is exhausted once a descending API goes below the start, or an ascending one past the end', () => {
      const desc = new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 5, row_order: 'desc' }), at());
      desc.observe({ seq: 9 }, 0);
      expect(desc.exhausted).toBe(false);
      desc.observe({ seq: 4 }, 1);
      expect(desc.exhausted).toBe(true);
      const asc = new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 5, end_value: 8, row_order: 'asc' }), at());
      asc.observe({ seq: 4 }, 0);
      expect(asc.exhausted).toBe(false);
      asc.observe({ seq: 8 }, 1);
      expect(asc.exhausted).toBe(true);
      const unordered = new IncrementalCursor(config({ cursor_path: 'seq', initial_value: 5 }), at());
      unordered.observe({ seq: 1 }, 0);
      expect(unordered.exhausted).toBe(false);
    });
  });

  it('raises with the record position when the cursor field is missing', () => {
    const cursor = new IncrementalCursor(config(), at());
    expect(() => cursor.observe({ id: 1 }, 7)).toThrow(CursorValueMissingError);
    expect(() => cursor.observe({ id: 1 }, 'page 2, record 3')).toThrow(/record at page 2, record 3 has no value at cursor_path "updated_at" \(its fields: "id"\)/);
  });

  it('includes or excludes records without the cursor as on_cursor_value_missing says', () => {
    expect(new IncrementalCursor(config({ on_cursor_value_missing: 'include' }), at()).observe({ id: 1 }, 0)).toBe('keep');
    expect(new IncrementalCursor(config({ on_cursor_value_missing: 'exclude' }), at()).observe({ updated_at: null }, 0)).toBe('exclude');
  });

  it('never moves below the stored value and resumes from a restored one', () => {
    const cursor = new IncrementalCursor(config({ lag: 60 }), at({ stored: '2024-05-01T00:00:00Z' }));
    cursor.observe({ updated_at: '2024-04-30T23:59:30Z' }, 0);
    expect(cursor.lastValue).toBe('2024-05-01T00:00:00Z');
    cursor.restore('2024-06-01T00:00:00Z');
    expect(cursor.lastValue).toBe('2024-06-01T00:00:00Z');
  });
});
