/**
 * The page loop and the run know a paginator only by its contract (issue: "the
 * page loop in one place"): what a paginator can do, such as planning pages to
 * fetch concurrently, is an optional method of `Paginator`, never a check of
 * which class it is. A check by class would leave a registered paginator out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const PAGINATORS = join(ROOT, 'lambdas/paginators');

/** Every class the paginators folder declares (exported or not). */
const paginatorClasses = readdirSync(PAGINATORS)
  .filter((file) => file.endsWith('.ts'))
  .flatMap((file) => [...readFileSync(join(PAGINATORS, file), 'utf8').matchAll(/\bclass\s+([A-Z]\w*)/g)].map((m) => m[1]));

const engineFiles = ['lambdas/extract', 'lambdas/run'].flatMap((folder) =>
  readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file: join(folder, file), text: readFileSync(join(ROOT, folder, file), 'utf8') })),
);

describe('paginator capabilities', () => {
  it('finds the paginator classes it guards', () => {
    expect(paginatorClasses).toEqual(expect.arrayContaining(['NumericPaginator', 'OffsetPaginator', 'PageNumberPaginator', 'AutoPaginator', 'BasePaginator']));
  });

  it('extract/ and run/ never ask which paginator class they hold', () => {
    const pattern = new RegExp(`instanceof\\s+(?:${paginatorClasses.join('|')})\\b`);
    const offending = engineFiles.filter(({ text }) => pattern.test(text)).map(({ file }) => file);
    expect(offending).toEqual([]);
  });

  it('extract/ and run/ import no paginator class, only the contract and createPaginator', () => {
    // A class imported as a value is the first step to an instanceof or a cast to it.
    const pattern = new RegExp(`import\\s*\\{[^}]*\\b(?:${paginatorClasses.join('|')})\\b[^}]*\\}\\s*from\\s*'\\.\\./paginators/`);
    const offending = engineFiles.filter(({ text }) => pattern.test(text)).map(({ file }) => file);
    expect(offending).toEqual([]);
  });
});
