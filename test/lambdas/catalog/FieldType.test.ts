import { isFieldType, typeChanges, widenType } from '../../../lambdas/catalog/FieldType';
import type { FieldType } from '../../../lambdas/catalog/FieldType';

describe('Function: widenType', () => {
  it('keeps equal types and lets null take the other side', () => {
    expect(widenType('bigint', 'bigint')).toBe('bigint');
    expect(widenType('null', 'boolean')).toBe('boolean');
    expect(widenType({ array: 'string' }, 'null')).toEqual({ array: 'string' });
  });

  it('widens bigint and double to double, and any other mix of types to string', () => {
    expect(widenType('bigint', 'double')).toBe('double');
    expect(widenType('double', 'bigint')).toBe('double');
    expect(widenType('bigint', 'string')).toBe('string');
    expect(widenType('boolean', 'bigint')).toBe('string');
    expect(widenType({ struct: { a: 'bigint' } }, { array: 'bigint' })).toBe('string');
    expect(widenType({ struct: {} }, 'double')).toBe('string');
  });

  it('never narrows: a string stays a string whatever comes next', () => {
    for (const other of ['null', 'boolean', 'bigint', 'double', { array: 'bigint' }, { struct: { a: 'bigint' } }] as FieldType[]) {
      expect(widenType('string', other)).toBe('string');
      expect(widenType(other, 'string')).toBe('string');
    }
  });

  it('widens objects key by key and lists item by item', () => {
    expect(widenType({ struct: { a: 'bigint', b: { array: 'bigint' } } }, { struct: { a: 'double', b: { array: 'string' }, c: 'boolean' } })).toEqual({
      struct: { a: 'double', b: { array: 'string' }, c: 'boolean' },
    });
  });
});

describe('Function: typeChanges', () => {
  it('names each field whose type a widening changed, nested paths included', () => {
    const before: FieldType = { struct: { id: 'bigint', address: { struct: { zip: 'bigint' } }, tags: { array: 'bigint' }, note: 'null' } };
    const after = widenType(before, { struct: { id: 'string', address: { struct: { zip: 'string' } }, tags: { array: 'double' }, note: 'string', extra: 'bigint' } });
    expect(typeChanges(before, after)).toEqual([
      { path: 'id', from: 'bigint', to: 'string' },
      { path: 'address.zip', from: 'bigint', to: 'string' },
      { path: 'tags[]', from: 'bigint', to: 'double' },
    ]);
  });

  it('reports nothing when only fields were added', () => {
    expect(typeChanges({ struct: { a: 'bigint' } }, { struct: { a: 'bigint', b: 'string' } })).toEqual([]);
  });
});

describe('Function: isFieldType', () => {
  it('accepts every form a manifest may hold and refuses anything else', () => {
    expect(isFieldType({ struct: { a: { array: { struct: { b: 'double' } } }, c: 'null' } })).toBe(true);
    for (const bad of ['int', 3, null, [], { array: 'int' }, { struct: [] }, { struct: {}, array: 'string' }, { map: 'string' }]) expect(isFieldType(bad)).toBe(false);
  });
});
