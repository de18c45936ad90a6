/** Writes grader/schema/results.schema.json from the zod schema (`npm run schema -w @hbu/results`). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resultsJsonSchema } from './schema.ts';

export const SCHEMA_FILE = resolve(
  import.meta.dirname,
  '../../../grader/schema/results.schema.json',
);
export const schemaText = (): string => `${JSON.stringify(resultsJsonSchema(), null, 2)}\n`;

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(SCHEMA_FILE, schemaText());
}
