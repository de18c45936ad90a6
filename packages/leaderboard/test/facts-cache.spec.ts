import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildResults, fixtureCourse } from '@hbu/results';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildLeaderboard } from '../src/build.ts';
import { FactsCache } from '../src/facts-cache.ts';
import type { ValidationContext } from '../src/validate.ts';
import { COURSE_14, cohort, TRUSTED_14 } from './cohort.ts';

/** The fourteen made-up katas, sandbox required: what the board judges the cohort against. */
const context: ValidationContext = { course: TRUSTED_14, requireSandbox: true };
const result = (participant: string, slug: string, score: number, sandbox = true) =>
  buildResults({
    course: TRUSTED_14,
    participant,
    timestamp: '2026-11-24T12:00:00.000Z',
    katas: { [slug]: { score } },
    sandbox,
  });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hbu-lb-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, doc: unknown) => {
  mkdirSync(join(dir, 'results', name, '..'), { recursive: true });
  writeFileSync(join(dir, 'results', name), `${JSON.stringify(doc, null, 2)}\n`);
};

describe('the facts cache', () => {
  it('gives the board a full read gives, reading only new or changed files', () => {
    for (const [i, doc] of cohort(6, 5).entries())
      write(`p${Math.floor(i / 5)}/${i % 5}.json`, doc);
    write('broken.json', { schema_version: 1 });
    const file = join(dir, 'cache.json');
    const build = (cache?: FactsCache) =>
      buildLeaderboard({
        inputs: [join(dir, 'results')],
        out: join(dir, 'site'),
        course: COURSE_14,
        trustedCourse: TRUSTED_14,
        now: 0,
        ...(cache ? { cache } : {}),
      });
    const full = build();
    const first = new FactsCache({ file });
    expect(first.load([join(dir, 'results')], join(dir, 'results'), context).read).toBe(31);
    first.save();

    const second = new FactsCache({ file });
    const loaded = second.load([join(dir, 'results')], join(dir, 'results'), context);
    expect(loaded.read).toBe(0);
    expect(loaded.rejected).toHaveLength(1);
    expect(build(new FactsCache({ file })).board).toEqual(full.board);

    // A changed file (new size) is read again; so is a new one.
    write('p0/0.json', result('p0x', 'uri-parser', 100));
    write('p9/0.json', result('late', 'router', 50));
    const third = new FactsCache({ file });
    expect(third.load([join(dir, 'results')], join(dir, 'results'), context).read).toBe(2);
    third.save();
    expect(build(new FactsCache({ file })).board).toEqual(build().board);
  });

  it('re-reads a file whose time changed, unless told the history is append-only', () => {
    write('a.json', result('a', 'uri-parser', 5));
    const file = join(dir, 'cache.json');
    const results = join(dir, 'results');
    const cache = new FactsCache({ file });
    cache.load([results], results, context);
    cache.save();
    utimesSync(join(results, 'a.json'), new Date(2000, 1, 1), new Date(2000, 1, 1));
    expect(new FactsCache({ file }).load([results], results, context).read).toBe(1);
    expect(new FactsCache({ file, immutable: true }).load([results], results, context).read).toBe(
      0,
    );
  });

  it('re-judges every file when the course or the sandbox rule changes', () => {
    write('sandboxed.json', result('a', 'uri-parser', 50));
    write('unsandboxed.json', result('b', 'uri-parser', 75, false));
    const file = join(dir, 'cache.json');
    const results = join(dir, 'results');
    const strict = new FactsCache({ file });
    const judged = strict.load([results], results, context);
    expect(judged.results.map((r) => r.participant)).toEqual(['a']);
    expect(judged.rejected).toEqual([expect.stringMatching(/sandbox/)]);
    strict.save();

    // Unsandboxed results allowed (a local dry run): both files are read again, both rank.
    const lax = new FactsCache({ file }).load([results], results, {
      ...context,
      requireSandbox: false,
    });
    expect(lax.read).toBe(2);
    expect(lax.results.map((r) => r.participant).sort()).toEqual(['a', 'b']);

    // Another course (uri-parser unknown to it): both re-read, both refused.
    const other = new FactsCache({ file }).load([results], results, {
      course: fixtureCourse(['router']),
      requireSandbox: false,
    });
    expect(other.read).toBe(2);
    expect(other.results).toEqual([]);
    expect(other.rejected).toHaveLength(2);

    // The same context as the saved cache: nothing is read.
    expect(new FactsCache({ file }).load([results], results, context).read).toBe(0);
  });

  it('rewrites its file only when something changed, and forgets files that are gone', () => {
    write('a.json', result('a', 'uri-parser', 5));
    write('b.json', result('b', 'router', 7));
    const file = join(dir, 'cache.json');
    const results = join(dir, 'results');
    const first = new FactsCache({ file });
    first.load([results], results, context);
    first.save();
    const old = new Date(2001, 0, 1);
    utimesSync(file, old, old);

    const unchanged = new FactsCache({ file });
    expect(unchanged.load([results], results, context).read).toBe(0);
    unchanged.save();
    expect(statSync(file).mtimeMs).toBe(old.getTime());

    rmSync(join(results, 'b.json'));
    const shrunk = new FactsCache({ file });
    expect(shrunk.load([results], results, context).results.map((r) => r.participant)).toEqual([
      'a',
    ]);
    shrunk.save();
    expect(statSync(file).mtimeMs).not.toBe(old.getTime());
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).entries)).toEqual(['a.json']);
  });
});
