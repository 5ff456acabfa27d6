/**
 * Writes `schema/source.schema.json` from the zod schema, so editors complete
 * and check JSON sources (`"$schema": "../schema/source.schema.json"`). A test
 * fails when the checked-in file differs from what this prints: run
 * `npm run schema` after changing `lambdas/config/schema.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SourceSchema } from '../lambdas/config/schema';

/** The JSON Schema of a source definition, as the checked-in file holds it. */
export function sourceJsonSchema(): string {
  const schema = z.toJSONSchema(SourceSchema, { io: 'input', unrepresentable: 'any', reused: 'ref' });
  const document = {
    ...schema,
    $id: 'https://sluice.dev/schema/source.schema.json',
    title: 'sluice source definition',
    description: 'One REST API extracted on a schedule to S3 (key names as in the dlt REST API source).',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Where the schema is checked in. */
export const SCHEMA_FILE = join(__dirname, '..', 'schema', 'source.schema.json');

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, sourceJsonSchema());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
