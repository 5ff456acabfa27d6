import { importCycles, importGraph } from '../support/importGraph';

describe('import graph of lambdas/, lib/ and bin/', () => {
  it('has no import cycle', () => {
    const graph = importGraph(['lambdas', 'lib', 'bin']);
    const cycles = importCycles(graph).map((cycle) => cycle.join(' → '));
    expect(cycles).toEqual([]);
  });

  it('sees the imports it checks (a graph without edges would pass trivially)', () => {
    const graph = importGraph(['lambdas', 'lib', 'bin']);
    expect(graph.get('lambdas/sourceHandler.ts')).toEqual(expect.arrayContaining(['lambdas/run/runSource.ts']));
    expect(graph.get('lib/Extractor.ts')?.length).toBeGreaterThan(0);
  });
});

describe('importCycles', () => {
  it('reports a cycle as a path from its first file back to it', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('reports a file that imports itself', () => {
    expect(importCycles(new Map([['a.ts', ['a.ts']]]))).toEqual([['a.ts', 'a.ts']]);
  });

  it('reports nothing for a graph without cycles', () => {
    expect(importCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });
});
