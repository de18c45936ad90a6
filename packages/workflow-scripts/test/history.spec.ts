import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLeaderboard } from '@hbu/leaderboard';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/history.ts';
import { checkResults } from '../src/results.ts';
import { HEAD, results } from './make-results.ts';
import { type Runner, simulateRunner } from './runner.ts';

let runner: Runner;
afterEach(() => {
  runner?.cleanup();
  vi.restoreAllMocks();
});

const PULLS = JSON.stringify({
  include: [
    { number: 12, sha: HEAD, author: 'octocat' },
    { number: 7, sha: '7'.repeat(40), author: 'mallory' },
    { number: 9, sha: '9'.repeat(40), author: 'ann' },
  ],
});

function incoming(number: number, doc: unknown): void {
  const dir = join(runner.env.RUNNER_TEMP!, 'incoming', `results-${number}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), JSON.stringify(doc));
}

describe('leaderboard.yml › history (deploy job)', () => {
  it('files each valid result under its author, stamped with the time this job saw it', () => {
    runner = simulateRunner('workflow-run.fork.json', { PULLS });
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const data = join(runner.dir, 'data');
    incoming(12, results({ timestamp: '2001-01-01T00:00:00.000Z' }));
    // mallory's grading job forged her results: 1,000 points, and octocat's name.
    incoming(7, results({ participant: 'octocat', git: { commit: '7'.repeat(40), dirty: false } }));
    const now = new Date('2026-11-24T10:30:00.000Z');

    expect(
      main(
        ['--incoming', join(runner.env.RUNNER_TEMP!, 'incoming'), '--data', data],
        runner.env,
        now,
      ),
    ).toBe(0);

    const files = readdirSync(join(data, 'results/octocat'));
    expect(files).toEqual([`2026-11-24T10-30-00-000Z-pr12-${HEAD.slice(0, 7)}.json`]);
    const stored = JSON.parse(readFileSync(join(data, 'results/octocat', files[0]!), 'utf8'));
    expect(stored).toMatchObject({
      participant: 'octocat',
      timestamp: '2026-11-24T10:30:00.000Z',
    });
    expect(checkResults(JSON.stringify(stored), 'stored').ok).toBe(true);
    expect(readdirSync(join(data, 'results'))).toEqual(['octocat']);
    expect(runner.outputs()).toEqual({ added: '1' });
    const summary = runner.summary();
    expect(summary).toContain('| #7 | mallory | rejected |');
    expect(summary).toContain('| #9 | ann | missing |');
  });

  it('does not file the same commit and score twice, and the leaderboard builds from the history', () => {
    runner = simulateRunner('workflow-run.fork.json', { PULLS });
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const data = join(runner.dir, 'data');
    const args = ['--incoming', join(runner.env.RUNNER_TEMP!, 'incoming'), '--data', data];
    incoming(12, results());
    main(args, runner.env, new Date('2026-11-24T10:00:00.000Z'));
    main(args, runner.env, new Date('2026-11-24T10:30:00.000Z'));
    expect(readdirSync(join(data, 'results/octocat'))).toHaveLength(1);
    incoming(12, results({}, 75));
    main(args, runner.env, new Date('2026-11-24T11:00:00.000Z'));
    expect(readdirSync(join(data, 'results/octocat'))).toHaveLength(2);

    const report = buildLeaderboard({
      inputs: [join(data, 'results')],
      out: join(runner.dir, 'site'),
    });
    expect(report.rejected).toEqual([]);
    expect(report.board.entries).toMatchObject([
      { participant: 'octocat', total: 75, reachedAt: '2026-11-24T11:00:00.000Z', submissions: 2 },
    ]);
  });
});
