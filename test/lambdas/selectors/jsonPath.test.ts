import { JsonPathError } from '../../../lambdas/errors/JsonPathError';
import { normalizeJsonPath, queryAll, queryFirst } from '../../../lambdas/selectors/jsonPath';

describe('jsonPath', () => {
  it.each([
    ['data', '$.data'],
    ['$.data', '$.data'],
    ['cursors.next', '$.cursors.next'],
    ['many-results', "$['many-results']"],
    ['a.b-c', "$.a['b-c']"],
    ['data[-1].id', '$.data[-1].id'],
    ["$['@odata.nextLink']", "$['@odata.nextLink']"],
    ["['x-y']", "$['x-y']"],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizeJsonPath(input)).toBe(expected);
  });

  const body = { data: [{ id: 1 }, { id: 2 }, { id: 3 }], 'many-results': [7], a: { 'b-c': 'x' }, '@odata.nextLink': 'https://n', nil: null };

  it.each<[string, unknown]>([
    ['data[-1].id', 3],
    ['$.data[-1].id', 3],
    ['$.data[-1:].id', 3],
    ['many-results', [7]],
    ['a.b-c', 'x'],
    ["$['@odata.nextLink']", 'https://n'],
  ])('selects %s per RFC 9535', (path, expected) => {
    expect(queryFirst(path, body)).toEqual({ found: true, value: expected });
  });

  it('tells a path holding null from a missing one', () => {
    expect(queryFirst('nil', body)).toEqual({ found: true, value: null });
    expect(queryFirst('absent', body)).toEqual({ found: false, value: undefined });
  });

  it('returns every match of a wildcard path', () => {
    expect(queryAll('data[*].id', body)).toEqual([1, 2, 3]);
  });

  it('throws JsonPathError naming the path when it is not valid JSONPath', () => {
    expect(() => queryFirst('$.data[', body)).toThrow(JsonPathError);
    expect(() => queryFirst('$.data[', body)).toThrow(/"\$\.data\[" is not a valid JSONPath/);
  });
});
