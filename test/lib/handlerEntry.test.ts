import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANDLER_MODULE, handlerEntrySource, writeHandlerEntry } from '../../lib/handlerEntry';
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
});
