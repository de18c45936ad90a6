import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batch, listPulls } from '../src/list-pulls.ts';
import { fakeGh, type Runner, simulateRunner } from './runner.ts';

let runner: Runner;
afterEach(() => runner?.cleanup());

describe('leaderboard.yml › list-pulls', () => {
  it('outputs the open pull requests as a matrix, dropping bots and malformed entries', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const lines = [
      { number: 12, sha: '1'.repeat(40), author: 'octocat', headRepo: 'octocat/x' },
      { number: 3, sha: '3'.repeat(40), author: 'ann', headRepo: 'ann/x' },
      { number: 4, sha: 'not-a-sha', author: 'bob', headRepo: 'bob/x' },
      { number: 5, sha: '5'.repeat(40), author: 'dependabot[bot]', headRepo: 'workshop/x' },
      { number: 6, sha: '6'.repeat(40), author: '$(touch /tmp/pwned)', headRepo: 'e/x' },
    ];
    const gh = fakeGh([
      [/pulls\?state=open/, () => lines.map((l) => JSON.stringify(l)).join('\n')],
    ]);
    await listPulls(runner.env, gh);
    const outputs = runner.outputs();
    const ann = { number: 3, sha: '3'.repeat(40), author: 'ann' };
    const octocat = { number: 12, sha: '1'.repeat(40), author: 'octocat' };
    expect(JSON.parse(outputs.pulls!)).toEqual({ include: [ann, octocat] });
    // Under 256 pull requests, one job each.
    expect(JSON.parse(outputs.matrix!)).toEqual({
      include: [
        { batch: 1, pulls: [ann] },
        { batch: 2, pulls: [octocat] },
      ],
    });
    expect(outputs.count).toBe('2');
    expect(gh.calls[0]?.args).toContain('--paginate');
  });

  it('leaves out heads already in the history, unless REGRADE_ALL=true', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const history = join(runner.dir, 'data/results/ann');
    mkdirSync(history, { recursive: true });
    writeFileSync(join(history, `2026-11-24T10-00-00-000Z-pr3-${'3'.repeat(7)}.json`), '{}');
    const lines = [
      { number: 3, sha: '3'.repeat(40), author: 'ann', headRepo: 'ann/x' },
      { number: 12, sha: '1'.repeat(40), author: 'octocat', headRepo: 'octocat/x' },
    ];
    const gh = fakeGh([
      [/pulls\?state=open/, () => lines.map((l) => JSON.stringify(l)).join('\n')],
    ]);
    await listPulls(runner.env, gh, join(runner.dir, 'data/results'));
    expect(
      JSON.parse(runner.outputs().pulls!).include.map((p: { number: number }) => p.number),
    ).toEqual([12]);

    writeFileSync(runner.env.GITHUB_OUTPUT!, '');
    await listPulls({ ...runner.env, REGRADE_ALL: 'true' }, gh, join(runner.dir, 'data/results'));
    expect(runner.outputs().count).toBe('2');
  });

  it('batches a cohort of a thousand into at most 256 jobs, every pull request in exactly one', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const lines = Array.from({ length: 1000 }, (_, i) => ({
      number: i + 1,
      sha: (i + 1).toString(16).padStart(40, '0'),
      author: `p${i + 1}`,
      headRepo: `p${i + 1}/x`,
    }));
    const gh = fakeGh([
      [/pulls\?state=open/, () => lines.map((l) => JSON.stringify(l)).join('\n')],
    ]);
    await listPulls(runner.env, gh);
    const matrix = JSON.parse(runner.outputs().matrix!) as {
      include: Array<{ batch: number; pulls: Array<{ number: number }> }>;
    };
    expect(matrix.include.length).toBeLessThanOrEqual(256);
    expect(matrix.include.length).toBe(250);
    expect(matrix.include.every((b) => b.pulls.length === 4)).toBe(true);
    const numbers = matrix.include.flatMap((b) => b.pulls.map((p) => p.number));
    expect(numbers).toEqual(lines.map((l) => l.number));
    expect(runner.outputs().count).toBe('1000');
  });

  it('batch() keeps the job count within the limit for any size', () => {
    for (const n of [0, 1, 255, 256, 257, 511, 512, 513, 5000]) {
      const batches = batch(Array.from({ length: n }, (_, i) => i));
      expect(batches.length).toBeLessThanOrEqual(256);
      expect(batches.flatMap((b) => b.pulls)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });
});
