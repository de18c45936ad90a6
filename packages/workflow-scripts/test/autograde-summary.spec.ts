import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { summarize } from '../src/autograde-summary.ts';
import { HEAD, results } from './make-results.ts';
import { type Runner, simulateRunner } from './runner.ts';

let runner: Runner;
afterEach(() => {
  runner?.cleanup();
  vi.restoreAllMocks();
});

describe('autograde.yml › autograde-summary (pull_request event)', () => {
  it('writes the board to the job summary, the score to the outputs and pr.json to the artifact', () => {
    runner = simulateRunner('pull-request.synchronize.json');
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const out = join(runner.env.RUNNER_TEMP!, 'autograde');
    mkdirSync(out);
    writeFileSync(join(out, 'results.json'), JSON.stringify(results()));
    writeFileSync(join(runner.dir, 'board.md'), '## Score board\n\n| uri-parser | 62.5 |\n');

    const code = summarize({
      results: join(out, 'results.json'),
      markdown: join(runner.dir, 'board.md'),
      out,
      env: runner.env,
    });

    expect(code).toBe(0);
    expect(runner.summary()).toContain('## Score board');
    expect(runner.outputs()).toEqual({ score: '62.5', max_score: '100', status: 'fail' });
    expect(JSON.parse(readFileSync(join(out, 'pr.json'), 'utf8'))).toEqual({
      number: 12,
      head_sha: HEAD,
    });
  });

  it('fails the step, with a summary, when the grader wrote no results', () => {
    runner = simulateRunner('pull-request.synchronize.json');
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const out = join(runner.env.RUNNER_TEMP!, 'autograde');
    const code = summarize({
      results: join(out, 'results.json'),
      markdown: join(out, 'b.md'),
      out,
      env: runner.env,
    });
    expect(code).toBe(1);
    expect(runner.summary()).toContain('The grader wrote no results');
    expect(runner.outputs()).toEqual({ status: 'error' });
  });

  it('fails the step when the results are not valid', () => {
    runner = simulateRunner('pull-request.synchronize.json');
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const out = runner.env.RUNNER_TEMP!;
    writeFileSync(join(out, 'results.json'), JSON.stringify(results({ schema_version: 99 })));
    const code = summarize({
      results: join(out, 'results.json'),
      markdown: join(out, 'b.md'),
      out,
      env: runner.env,
    });
    expect(code).toBe(1);
    expect(runner.summary()).toContain('schema_version');
  });
});
