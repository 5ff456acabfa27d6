/**
 * Definitions that once drifted apart because they were written in two places
 * (issue: "say it once"). Each is recognised by its text; it must stand in one
 * file of lambdas/, lib/ and bin/, which every other place imports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

const sources = ['lambdas', 'lib', 'bin'].flatMap((folder) =>
  readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file: join(folder, file), text: readFileSync(join(ROOT, folder, file), 'utf8') })),
);

const filesMatching = (pattern: RegExp): string[] => sources.filter(({ text }) => pattern.test(text)).map(({ file }) => file);

describe('definitions said once', () => {
  it.each([
    ['the trigger union', /'schedule',\s*'manual'/, 'lambdas/commit/trigger.ts'],
    ['the backfill-window schema', /z\.looseObject\(\{\s*from:/, 'lambdas/commit/manifest.ts'],
    ['the resource-name pattern', /A-Za-z0-9_\]\[A-Za-z0-9_-\]\*/, 'lambdas/config/names.ts'],
    ['the source-name pattern', /\[a-z0-9\]\[a-z0-9-\]\*/, 'lambdas/config/names.ts'],
    ['the credential field sets', /'client_secret',\s*'refresh_token'/, 'lambdas/secrets/credentialFields.ts'],
    ['the bracketed JSONPath name (quoted key)', /replace\(\/'\/g, "\\\\'"\)/, 'lambdas/selectors/jsonPath.ts'],
    // The fields a check takes, defined or written out in a message.
    ['the check-mode rule', /CHECK_FIELDS: |takes only (?:"|--)resources/, 'lambdas/handlerEvent.ts'],
  ])('%s stands in one file', (_what, pattern, home) => {
    expect(filesMatching(pattern)).toEqual([home]);
  });
});
