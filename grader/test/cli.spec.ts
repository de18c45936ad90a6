/**
 * The command line: arguments and exit codes, the files it writes, and one end-to-end run on the
 * real katas (`--impl reference` must give 100).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it, vi } from 'vitest';
import schema from '../schema/results.schema.json' with { type: 'json' };
import { main } from '../src/cli.ts';
import { availableKatas } from '../src/manifest.ts';
import type { Results } from '../src/results.ts';
import { fixtures, repoRoot } from './course.ts';

const out = mkdtempSync(join(tmpdir(), 'hbu-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function grade(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'KATA_IMPL', 'FC_RUNS', 'FC_SEED'])
    delete env[name];
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'grader/src/cli.ts', ...args], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    timeout: 280_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const validate = (() => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(schema);
})();

describe('npm run grade', () => {
  it.each([
    [['--impl', 'nope'], 2],
    [['--seed', 'abc'], 2],
    [['--min-score', '150'], 2],
    [['--no-such-option'], 2],
    [['no-such-kata'], 2],
    [['--root', join(fixtures, 'repo'), 'fx-planned'], 2],
    [['--submission', join(out, 'missing'), '--root', join(fixtures, 'repo')], 2],
    [['--root', join(out, 'not-a-course')], 1],
  ])('exits non-zero when the grader cannot work: %j → %i', async (args, code) => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(args)).toBe(code);
    } finally {
      stderr.mockRestore();
    }
  });

  it('grades a submission, writes JSON and Markdown, and exits 3 below --min-score', () => {
    const json = join(out, 'results.json');
    const md = join(out, 'board.md');
    const run = grade([
      '--root',
      join(fixtures, 'repo'),
      '--submission',
      join(fixtures, 'hostile/stage-one'),
      '--json',
      json,
      '--markdown',
      md,
      '--participant',
      'octocat',
      '--min-score',
      '90',
    ]);
    expect(run.status, run.stderr).toBe(3);
    // Not a TTY: progress one line per event, no colour, no cursor movement.
    expect(run.stdout).not.toMatch(/\u001b|\r/);
    expect(run.stdout).toContain('Total');
    const results = JSON.parse(readFileSync(json, 'utf8')) as Results;
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
    expect(results).toMatchObject({
      participant: 'octocat',
      score: 60,
      max_score: 200,
      status: 'fail',
    });
    expect(results.katas.map((k) => [k.slug, k.score])).toEqual([
      ['fx', 60],
      ['fx-two', 0],
    ]);
    expect(readFileSync(md, 'utf8')).toContain('| 1 | fx | 60 / 100 |');
  });

  it("writes Gradescope's results.json with --format gradescope", () => {
    const json = join(out, 'gradescope.json');
    const run = grade([
      '--root',
      join(fixtures, 'repo'),
      'fx-two',
      '--json',
      json,
      '--format',
      'gradescope',
      '--quiet',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const gs = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
    expect(gs).toMatchObject({ score: 0, visibility: 'visible' });
    expect(gs.tests).toEqual([
      expect.objectContaining({
        name: 'fx-two › 1. Double › doubles 2',
        score: 0,
        max_score: 50,
        status: 'failed',
      }),
      expect.objectContaining({
        name: 'fx-two › 1. Double › doubles -3',
        score: 0,
        max_score: 50,
        status: 'failed',
      }),
    ]);
  });

  // One kata keeps the suite short (the self-check runs every spec against the references
  // anyway); HBU_GRADER_E2E=all grades them all.
  it("gives the real katas' references 100 (end to end)", (ctx) => {
    // The participant template (npm run template) has no reference/ to grade.
    if (!existsSync(join(repoRoot, 'reference'))) return ctx.skip();
    const json = join(out, 'reference.json');
    const all = process.env.HBU_GRADER_E2E === 'all';
    const first = availableKatas(repoRoot)[0]?.slug;
    const run = grade([
      '--impl',
      'reference',
      ...(all || first === undefined ? [] : [first]),
      '--json',
      json,
      '--format',
      'hbu',
      '--min-score',
      '100',
      '--quiet',
    ]);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const results = JSON.parse(readFileSync(json, 'utf8')) as Results;
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
    expect(results.katas.length).toBeGreaterThan(0);
    for (const kata of results.katas) {
      expect({ slug: kata.slug, status: kata.status, score: kata.score }).toEqual({
        slug: kata.slug,
        status: 'graded',
        score: 100,
      });
    }
    expect(results.tests.every((t) => t.status === 'pass')).toBe(true);
  }, 300_000);
});
