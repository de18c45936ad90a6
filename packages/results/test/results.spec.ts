import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildResults, fixtureCourse, parseResults, readCourse } from '../src/index.ts';
import { SCHEMA_FILE, schemaText } from '../src/write-schema.ts';

const course = readCourse(resolve(import.meta.dirname, '../../..'));

describe('the results contract', () => {
  it('grader/schema/results.schema.json is generated from the zod schema (npm run schema -w @hbu/results)', () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(JSON.parse(schemaText()));
  });

  it('builds documents that pass the JSON Schema, the zod schema and the course check', () => {
    const doc = buildResults({
      course,
      katas: { 'uri-parser': { score: 62.5 }, router: { score: 0 } },
    });
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
    const parsed = parseResults(JSON.stringify(doc), course, {
      requireSandbox: true,
      requireCommit: true,
    });
    expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
    expect(doc.score).toBe(62.5);
  });

  it('hits any score exactly, with per-stage pass counts that pay for it', () => {
    for (const score of [0, 1, 2, 12.5, 62.5, 90, 100]) {
      const doc = buildResults({ course: fixtureCourse(['k']), katas: { k: { score } } });
      expect(doc.katas[0]!.score).toBe(score);
      expect(parseResults(JSON.stringify(doc), fixtureCourse(['k'])).ok).toBe(true);
    }
  });

  it('refuses a file whose katas are not the course', () => {
    const doc = buildResults({ katas: { 'made-up': { score: 100 } } });
    const parsed = parseResults(JSON.stringify(doc), course);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/not a kata of this course/);
  });
});
