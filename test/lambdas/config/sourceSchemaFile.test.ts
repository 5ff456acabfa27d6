import { readFileSync } from 'node:fs';
import { SCHEMA_FILE, sourceJsonSchema } from '../../../scripts/generate-schema';

describe('schema/source.schema.json', () => {
  it('equals the schema generated from lambdas/config/schema.ts (run `npm run schema` after a change)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(sourceJsonSchema());
  });

  it('rejects unknown keys, so editors flag a typo', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { additionalProperties?: unknown; required?: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'client', 'resources']));
  });
});
