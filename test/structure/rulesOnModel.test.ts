/**
 * The rules of validateSource run on the model normalizeSource builds, never on
 * the input as written: a rule that reads the input sees a second version of
 * the merge and the defaults, and then validation and the run disagree (issue:
 * "one source model"). Only the modules that parse the input may read it, and
 * engine folders import the model alone.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importGraph } from '../support/importGraph';

const ROOT = resolve(__dirname, '../..');
const SCHEMA = 'lambdas/config/schema.ts';
/** The normaliser's own steps: they read the input so that nothing after them has to. */
const NORMALIZER_STEPS = ['lambdas/config/boundEndpoint.ts', 'lambdas/config/dltParams.ts'];

/** lambdas/config modules that may read the input as written, and why. */
const READS_INPUT: Readonly<Record<string, string>> = {
  [SCHEMA]: 'the schema itself',
  'lambdas/config/normalizeSource.ts': 'the one parse step',
  'lambdas/config/boundEndpoint.ts': 'a step of normalizeSource (merge and dlt param binding)',
  'lambdas/config/dltParams.ts': 'a step of normalizeSource (dlt param binding)',
  'lambdas/config/validateSource.ts': 'the schema parse, whose output only normalizeSource reads',
  'lambdas/config/loadSource.ts': 'reads the file before validateSource',
  'lambdas/config/formatIssues.ts': "turns the schema's own issues into messages",
  'lambdas/config/dltFormIssues.ts': 'dlt forms the schema refuses, found before it runs',
  'lambdas/config/nestingIssue.ts': 'a nesting too deep to parse, found before the schema runs',
  'lambdas/config/destinationHints.ts': "dlt's destination-only hints, which the model does not carry (it drops them)",
};

const graph = importGraph(['lambdas', 'lib', 'bin']);
const configModules = [...graph.keys()].filter((file) => file.startsWith('lambdas/config/'));
const text = (file: string): string => readFileSync(resolve(ROOT, file), 'utf8');

/** The engine folders, from the eslint rule that refuses the schema there, so that the list is written once. */
function engineFolders(): string[] {
  const config = text('eslint.config.mjs');
  const list = /export const ENGINE_FOLDERS = \[([^\]]*)\]/.exec(config)?.[1] ?? '';
  return [...list.matchAll(/'([^']+)'/g)].map((m) => `lambdas/${m[1].replace(/\/\*\*$/, '/')}`);
}

describe('rule modules of lambdas/config run on the model', () => {
  it('no module but those that parse the input imports the schema, or the normaliser steps that read the input', () => {
    const readers = configModules.filter((file) => (graph.get(file) ?? []).some((target) => target === SCHEMA || NORMALIZER_STEPS.includes(target)));
    expect(readers.filter((file) => !(file in READS_INPUT))).toEqual([]);
    // The check sees the imports it forbids: the parse step does import the schema.
    expect(readers).toEqual(expect.arrayContaining(['lambdas/config/normalizeSource.ts', 'lambdas/config/validateSource.ts']));
  });

  it('only normalizeSource calls its steps', () => {
    const callers = [...graph.entries()].filter(([, targets]) => targets.includes('lambdas/config/boundEndpoint.ts')).map(([file]) => file);
    expect(callers).toEqual(['lambdas/config/normalizeSource.ts']);
  });

  it("no rule module reads the definition the model keeps for bundling and display", () => {
    const reading = configModules.filter((file) => !(file in READS_INPUT) && /\.definition\b/.test(text(file)));
    expect(reading).toEqual([]);
  });

  it('validateSource hands the parsed input to normalizeSource and nothing else', () => {
    const source = text('lambdas/config/validateSource.ts');
    expect(source.match(/result\.data\b/g)).toEqual(['result.data']);
    expect(source).toMatch(/normalizeSource\(result\.data\b/);
    expect(source).not.toMatch(/\bParsed\b|SourceSchema\.parse\b|z\.output/);
  });
});

describe('engine folders import the model, not the input schema', () => {
  it('no file of an engine folder imports lambdas/config/schema.ts or a normaliser step', () => {
    const folders = engineFolders();
    expect(folders).toEqual(expect.arrayContaining(['lambdas/auth/', 'lambdas/run/', 'lambdas/sourceHandler.ts']));
    const engine = [...graph.keys()].filter((file) => folders.some((folder) => file === folder || (folder.endsWith('/') && file.startsWith(folder))));
    expect(engine.length).toBeGreaterThan(50);
    const offending = engine.filter((file) => (graph.get(file) ?? []).some((target) => target === SCHEMA || NORMALIZER_STEPS.includes(target)));
    expect(offending).toEqual([]);
  });
});
