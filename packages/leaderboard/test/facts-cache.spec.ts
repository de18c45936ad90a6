import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildLeaderboard } from '../src/build.ts';
import { FactsCache } from '../src/facts-cache.ts';
import { COURSE_14, cohort } from './cohort.ts';
import { json, makeResult } from './make-result.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hbu-lb-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, doc: unknown) => {
  mkdirSync(join(dir, 'results', name, '..'), { recursive: true });
  writeFileSync(join(dir, 'results', name), json(doc));
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
        now: 0,
        ...(cache ? { cache } : {}),
      });
    const full = build();
    const first = new FactsCache({ file });
    expect(first.load([join(dir, 'results')], join(dir, 'results')).read).toBe(31);
    first.save();

    const second = new FactsCache({ file });
    const loaded = second.load([join(dir, 'results')], join(dir, 'results'));
    expect(loaded.read).toBe(0);
    expect(loaded.rejected).toHaveLength(1);
    expect(build(new FactsCache({ file })).board).toEqual(full.board);

    // A changed file (new size) is read again; so is a new one.
    write(
      'p0/0.json',
      makeResult({
        participant: 'p0x',
        timestamp: '2026-11-24T12:00:00.000Z',
        katas: { 'uri-parser': { score: 100 } },
      }),
    );
    write(
      'p9/0.json',
      makeResult({
        participant: 'late',
        timestamp: '2026-11-24T12:00:00.000Z',
        katas: { router: { score: 50 } },
      }),
    );
    const third = new FactsCache({ file });
    expect(third.load([join(dir, 'results')], join(dir, 'results')).read).toBe(2);
    third.save();
    expect(build(new FactsCache({ file })).board).toEqual(build().board);
  });

  it('re-reads a file whose time changed, unless told the history is append-only', () => {
    write(
      'a.json',
      makeResult({
        participant: 'a',
        timestamp: '2026-11-24T12:00:00.000Z',
        katas: { k: { score: 5 } },
      }),
    );
    const file = join(dir, 'cache.json');
    const results = join(dir, 'results');
    const cache = new FactsCache({ file });
    cache.load([results], results);
    cache.save();
    utimesSync(join(results, 'a.json'), new Date(2000, 1, 1), new Date(2000, 1, 1));
    expect(new FactsCache({ file }).load([results], results).read).toBe(1);
    expect(new FactsCache({ file, immutable: true }).load([results], results).read).toBe(0);
  });
});
