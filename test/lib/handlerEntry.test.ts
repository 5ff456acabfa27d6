import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSourceFile } from '../../lambdas/config/loadSource';
import { HANDLER_MODULE, handlerEntrySource, SOURCE_HANDLER_MODULE, SSM_SECRET_STORE_MODULE, writeHandlerEntry } from '../../lib/handlerEntry';
import { FIXTURES } from './testApp';

describe('handlerEntry', () => {
  it('imports a JSON source as its definition and hands it to createHandler', () => {
    const text = handlerEntrySource(join(FIXTURES, 'basic', 'acme.json'));
    expect(text).toContain(`import definition from ${JSON.stringify(join(FIXTURES, 'basic', 'acme.json'))};`);
    expect(text).toContain(`import { createHandler } from ${JSON.stringify(HANDLER_MODULE.replace(/\.ts$/, ''))};`);
    expect(text).toContain('export const handler = createHandler(definition);');
  });

  it('imports a TypeScript source before the handler, taking its default export or `source`', () => {
    const text = handlerEntrySource(join(FIXTURES, 'custom-auth', 'session.ts'));
    expect(text.indexOf('session.ts')).toBeLessThan(text.indexOf('createHandler }'));
    expect(text).toContain('exported.default ?? exported.source');
  });

  it('writes the entry under a name carrying its content hash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-entry-'));
    const file = writeHandlerEntry({ name: 'acme', sourceFile: join(FIXTURES, 'basic', 'acme.json'), dir });
    expect(file).toMatch(/acme-[0-9a-f]{12}\.ts$/);
    expect(readFileSync(file, 'utf8')).toBe(handlerEntrySource(join(FIXTURES, 'basic', 'acme.json')));
    expect(writeHandlerEntry({ name: 'acme', sourceFile: join(FIXTURES, 'basic', 'acme.json'), dir })).toBe(file);
  });

  it('embeds a JSON source validated at synth and hands it to createSourceHandler, skipping validation at init', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-entry-'));
    const file = join(FIXTURES, 'basic', 'acme.json');
    const { source } = loadSourceFile(file);
    const text = readFileSync(writeHandlerEntry({ name: 'acme', sourceFile: file, validated: source, dir }), 'utf8');
    expect(text).toContain(`import { createSourceHandler } from ${JSON.stringify(SOURCE_HANDLER_MODULE.replace(/\.ts$/, ''))};`);
    expect(text).toContain(`const source = ${JSON.stringify(source)};`);
    // acme's token is in SSM: its function carries the SSM secret store.
    expect(text).toContain(`import { SsmSecretStore } from ${JSON.stringify(SSM_SECRET_STORE_MODULE.replace(/\.ts$/, ''))};`);
    expect(text).toContain('export const handler = createSourceHandler(source, { secrets: new SsmSecretStore({ ttlSeconds: source.run.secretsTtlSeconds }) });');
    expect(text).not.toContain('createHandler(');
  });

  it('leaves the SSM secret store out of the entry of a source without secret references', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-entry-'));
    const file = join(FIXTURES, 'basic', 'open-data.json');
    const { source } = loadSourceFile(file);
    expect(source.secrets).toEqual([]);
    const text = readFileSync(writeHandlerEntry({ name: 'open-data', sourceFile: file, validated: source, dir }), 'utf8');
    expect(text).not.toContain('SsmSecretStore');
    expect(text).toContain('export const handler = createSourceHandler(source);');
  });

  it('still validates a TypeScript source at init, even when given its validated form', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-entry-'));
    const file = join(FIXTURES, 'custom-auth', 'session.ts');
    const validated = loadSourceFile(join(FIXTURES, 'basic', 'acme.json')).source;
    const text = readFileSync(writeHandlerEntry({ name: 'session', sourceFile: file, validated, dir }), 'utf8');
    expect(text).toBe(handlerEntrySource(file));
  });
});
