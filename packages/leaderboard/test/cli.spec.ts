import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildResults, readCourse } from '@hbu/results';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ownRoot } from '../src/build.ts';
import { main } from '../src/cli.ts';
import { readCourseColumns } from '../src/course.ts';
import { serve } from '../src/serve.ts';

/** Results for this checkout's own course (the board checks them against it). */
const course = readCourse(ownRoot);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hbu-lb-cli-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const result = (participant: string, minute: number, score: number) =>
  JSON.stringify(
    buildResults({
      course,
      participant,
      timestamp: new Date(Date.UTC(2026, 10, 24, 10, minute)).toISOString(),
      katas: { 'uri-parser': { score } },
    }),
  );

describe('npm run leaderboard -- <inputs> --out DIR', () => {
  it('reads files and folders (recursively), writes the four outputs and names each rejected file', () => {
    mkdirSync(join(dir, 'results/ann'), { recursive: true });
    writeFileSync(join(dir, 'results/ann/1.json'), result('ann', 1, 50));
    writeFileSync(join(dir, 'results/ann/2.json'), result('ann', 2, 75));
    writeFileSync(join(dir, 'results/broken.json'), result('eve', 3, 10).slice(0, 50));
    writeFileSync(join(dir, 'results/notes.txt'), 'not a results file');
    writeFileSync(join(dir, 'bob.json'), result('bob', 0, 25));
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    vi.spyOn(console, 'log').mockImplementation(() => {});

    const code = main([join(dir, 'results'), join(dir, 'bob.json'), '--out', join(dir, 'site')]);

    expect(code).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^rejected: .*results\/broken\.json: not valid JSON/);
    const board = JSON.parse(readFileSync(join(dir, 'site/leaderboard.json'), 'utf8'));
    expect(
      board.entries.map((e: { participant: string; total: number }) => [e.participant, e.total]),
    ).toEqual([
      ['ann', 75],
      ['bob', 25],
    ]);
    expect(board.rejected).toHaveLength(1);
    expect(readFileSync(join(dir, 'site/leaderboard.md'), 'utf8')).toContain('| 1 | ann |');
    // The course's katas are columns; ann was graded on one, the others read as not graded.
    const columns = readCourseColumns(ownRoot);
    const max = columns.reduce((sum, k) => sum + k.maxScore, 0);
    const cells = columns.map((k) => (k.slug === 'uri-parser' ? '75' : '—'));
    expect(readFileSync(join(dir, 'site/leaderboard.csv'), 'utf8')).toContain(
      `1,ann,75,${max},${cells.join(',')},`,
    );
    expect(readFileSync(join(dir, 'site/index.html'), 'utf8')).toContain('<table id="board">');
  });

  it('names a missing input and still writes an (empty) board', () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(main([join(dir, 'nope'), '--out', join(dir, 'site')])).toBe(0);
    expect(errors).toEqual([`rejected: ${join(dir, 'nope')}: no such file or folder`]);
    expect(readFileSync(join(dir, 'site/index.html'), 'utf8')).toContain('No results yet.');
  });

  it('exits 2 with usage when --out is missing', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(main([dir])).toBe(2);
  });
});

describe('npm run leaderboard:serve -- <folder>', () => {
  it('serves the page on localhost and rebuilds when a results file appears', async () => {
    const logs: string[] = [];
    const serving = await serve({ folder: dir, port: 0, pollMs: 60_000, log: (l) => logs.push(l) });
    try {
      const first = await fetch(serving.url);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await first.text()).toContain('No results yet.');

      writeFileSync(join(dir, 'ann.json'), result('ann', 1, 50));
      expect(serving.check()).toBe(true);
      expect(serving.check()).toBe(false);
      const page = await (await fetch(serving.url)).text();
      expect(page).toContain('>ann</td>');
      const csv = await fetch(new URL('leaderboard.csv', serving.url));
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect((await fetch(new URL('../package.json', serving.url))).status).toBe(404);
      expect((await fetch(new URL('%2e%2e/package.json', serving.url))).status).toBe(404);
      expect(serving.builds()).toBe(2);
    } finally {
      await serving.close();
    }
  });
});
