import { selectRecords } from '../../../lambdas/selectors/selectRecords';

const first = { resource: 'users', dataSelector: undefined, firstPage: true };

describe('selectRecords', () => {
  describe('detection', () => {
    it('takes a top-level array', () => {
      expect(selectRecords([{ id: 1 }], first).records).toEqual([{ id: 1 }]);
    });

    it.each(['data', 'items', 'results', 'records', 'entries', 'rows', 'objects', 'values', 'content', 'payload', 'value'])(
      'finds the records under "%s"',
      (key) => {
        expect(selectRecords({ meta: { n: 1 }, [key]: [{ id: 1 }] }, first).records).toEqual([{ id: 1 }]);
      },
    );

    it('prefers the earlier conventional key', () => {
      expect(selectRecords({ results: [2], data: [1] }, first).records).toEqual([1]);
    });

    it('treats an object without a records list as one record', () => {
      expect(selectRecords({ id: 1, name: 'a' }, first).records).toEqual([{ id: 1, name: 'a' }]);
    });

    it('yields zero records for null, an empty body or a null list', () => {
      expect(selectRecords(null, first).records).toEqual([]);
      expect(selectRecords({}, first).records).toEqual([]);
      expect(selectRecords({ data: null, next: null }, first).records).toEqual([]);
    });
  });

  it('finds a list under a conventional key nested up to three levels down, as dlt looks', () => {
    expect(selectRecords({ response: { result: { entities: [1, 2] } } }, first).records).toEqual([1, 2]);
    expect(selectRecords({ meta: { items: [9] }, payload: { data: [1] } }, first).records).toEqual([1]);
    expect(selectRecords({ a: { b: { c: { data: [1] } } } }, first).records).toEqual([{ a: { b: { c: { data: [1] } } } }]);
  });

  describe('data_selector', () => {
    it('selects the list at the path, in any of the contract forms', () => {
      expect(selectRecords({ a: { 'b-c': [1, 2] } }, { ...first, dataSelector: 'a.b-c' }).records).toEqual([1, 2]);
      expect(selectRecords({ 'many-results': [1] }, { ...first, dataSelector: 'many-results' }).records).toEqual([1]);
      expect(selectRecords({ value: [1] }, { ...first, dataSelector: '$.value' }).records).toEqual([1]);
    });

    it('yields zero records when the path holds null or an empty list', () => {
      expect(selectRecords({ data: null }, { ...first, dataSelector: 'data' }).records).toEqual([]);
      expect(selectRecords({ data: [] }, { ...first, dataSelector: 'data' }).records).toEqual([]);
    });

    it('yields zero records on the first page, as dlt does, with the keys that were there for the warning', () => {
      expect(selectRecords({ items: [1], total: 1 }, { ...first, dataSelector: 'data' })).toEqual({ records: [], missing: true, absentOnFirstPage: ['items', 'total'] });
    });

    it('ends the resource with zero records when the path vanishes on a later page', () => {
      expect(selectRecords({ error: 'gone' }, { ...first, dataSelector: 'data', firstPage: false })).toEqual({ records: [], missing: true });
    });
  });
});
