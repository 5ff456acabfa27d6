import { parseLinkHeader } from '../../../lambdas/paginators/parseLinkHeader';

describe('parseLinkHeader', () => {
  it('reads several links and several rels per link', () => {
    const header = '<https://x.test/a?page=1>; rel="prev first", <https://x.test/a?page=3>; rel="next", </a?page=9>; rel=last; title="a, b"';
    expect(parseLinkHeader(header)).toEqual([
      { url: 'https://x.test/a?page=1', rels: ['prev', 'first'] },
      { url: 'https://x.test/a?page=3', rels: ['next'] },
      { url: '/a?page=9', rels: ['last'] },
    ]);
  });

  it('returns nothing for an absent header', () => {
    expect(parseLinkHeader(null)).toEqual([]);
  });
});
