/**
 * Reading a results artifact as untrusted data: only regular files (no symlinks out of the temp
 * folder), a size limit, the leaderboard's validator (types, ranges, sums, cleaned names), and —
 * when the grader's JSON Schema exists — that schema too.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LIMITS, type ResultFacts, validateResults } from '@hbu/leaderboard';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const repoRoot = resolve(import.meta.dirname, '../../..');
export const SCHEMA_PATH = join(repoRoot, 'grader/schema/results.schema.json');

export type Checked =
  | { ok: true; facts: ResultFacts; doc: Record<string, unknown> }
  | { ok: false; error: string };

let schemaValidator: ((doc: unknown) => string | undefined) | null | undefined;

/** Validates against grader/schema/results.schema.json when it exists; undefined means valid. */
function schemaErrors(doc: unknown): string | undefined {
  if (schemaValidator === undefined) {
    schemaValidator = null;
    if (existsSync(SCHEMA_PATH)) {
      const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { $schema?: string };
      const ajv = String(schema.$schema ?? '').includes('2020')
        ? new Ajv2020({ allErrors: false, strict: false })
        : new Ajv({ allErrors: false, strict: false });
      (addFormats as unknown as (a: unknown) => void)(ajv);
      const validate = ajv.compile(schema);
      schemaValidator = (d) =>
        validate(d)
          ? undefined
          : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    }
  }
  return schemaValidator?.(doc);
}

/** Reads `<dir>/<name>` as an untrusted artifact file. */
export function readArtifactFile(
  dir: string,
  name: string,
): { ok: true; text: string } | { ok: false; error: string } {
  const file = join(dir, name);
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(file);
  } catch {
    return { ok: false, error: `${name}: missing from the artifact` };
  }
  if (!stat.isFile())
    return { ok: false, error: `${name}: not a regular file (symlinks are refused)` };
  if (stat.size > LIMITS.fileBytes)
    return { ok: false, error: `${name}: ${stat.size} bytes is over the limit` };
  return { ok: true, text: readFileSync(file, 'utf8') };
}

export function checkResults(text: string, label: string): Checked {
  const v = validateResults(text, label);
  if (!v.ok) return { ok: false, error: v.error };
  const doc = JSON.parse(text) as Record<string, unknown>;
  const schema = schemaErrors(doc);
  if (schema !== undefined)
    return {
      ok: false,
      error: `${label}: does not match the results schema: ${schema.slice(0, 500)}`,
    };
  return { ok: true, facts: v.result, doc };
}
