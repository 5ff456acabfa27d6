import { SchemaInferrer } from '../../../lambdas/catalog/SchemaInferrer';

describe('Class: SchemaInferrer', () => {
  it('types nested objects as structs and lists as arrays of their items', () => {
    const schema = new SchemaInferrer();
    schema.observe({ id: 1, name: 'a', active: true, score: 1.5, address: { city: 'x', geo: { lat: 1.25 } }, tags: ['a', 'b'], items: [{ n: 1 }, { m: 'z' }] });
    expect(schema.type).toEqual({
      struct: {
        id: 'bigint',
        name: 'string',
        active: 'boolean',
        score: 'double',
        address: { struct: { city: 'string', geo: { struct: { lat: 'double' } } } },
        tags: { array: 'string' },
        items: { array: { struct: { n: 'bigint', m: 'string' } } },
      },
    });
  });

  it('widens across records: integers and decimals to double, mixed types to string, never back', () => {
    const schema = new SchemaInferrer();
    schema.observe({ n: 1, mixed: 1, obj: { a: 1 }, later: null });
    schema.observe({ n: 2.5, mixed: 'one', obj: 'text', later: 7 });
    schema.observe({ n: 3, mixed: 2, obj: { a: 2 } });
    expect(schema.type).toEqual({ struct: { n: 'double', mixed: 'string', obj: 'string', later: 'bigint' } });
  });

  it('keeps a field seen only as null or an empty list as null: no type is declared that a later value could break', () => {
    const schema = new SchemaInferrer();
    schema.observe({ a: null, b: [] });
    expect(schema.type).toEqual({ struct: { a: 'null', b: { array: 'null' } } });
  });

  it('types integers JavaScript cannot hold exactly as double', () => {
    const schema = new SchemaInferrer();
    schema.observe({ big: 2 ** 60, small: -5 });
    expect(schema.type).toEqual({ struct: { big: 'double', small: 'bigint' } });
  });

  it('treats a __proto__ key as a field like any other', () => {
    const schema = new SchemaInferrer();
    schema.observe(JSON.parse('{"__proto__": {"x": 1}, "constructor": "c"}'));
    expect(JSON.parse(JSON.stringify(schema.type))).toEqual(JSON.parse('{"struct": {"__proto__": {"struct": {"x": "bigint"}}, "constructor": "string"}}'));
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('goes on from a start schema without changing it', () => {
    const start = JSON.parse('{"struct": {"id": "bigint"}}');
    const schema = new SchemaInferrer(start);
    schema.observe({ id: 'x', more: true });
    expect(schema.type).toEqual({ struct: { id: 'string', more: 'boolean' } });
    expect(start).toEqual({ struct: { id: 'bigint' } });
  });
});
