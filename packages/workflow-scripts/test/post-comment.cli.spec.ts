/**
 * post-comment as autograde-comment.yml runs it: a separate process (`tsx src/post-comment.ts`),
 * the simulated runner's environment, and a fake `gh` executable first on PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { results } from './make-results.ts';
import { FIXTURES, type Runner, simulateRunner } from './runner.ts';

const root = resolve(import.meta.dirname, '../../..');
let runner: Runner;
afterEach(() => runner?.cleanup());

function run(doc: unknown, claim: unknown) {
  runner = simulateRunner('workflow-run.fork.json');
  const bin = join(runner.dir, 'bin');
  mkdirSync(bin);
  symlinkSync(join(FIXTURES, 'fake-gh.mjs'), join(bin, 'gh'));
  const artifact = join(runner.env.RUNNER_TEMP!, 'artifact');
  mkdirSync(artifact);
  writeFileSync(join(artifact, 'results.json'), JSON.stringify(doc));
  writeFileSync(join(artifact, 'pr.json'), JSON.stringify(claim));
  const log = join(runner.dir, 'gh.log');
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VITEST')) env[k] = v;
  const r = spawnSync(
    join(root, 'node_modules/.bin/tsx'),
    [join(root, 'packages/workflow-scripts/src/post-comment.ts'), '--artifact', artifact],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...env,
        ...runner.env,
        PATH: `${bin}:${process.env.PATH}`,
        GH_TOKEN: 'fake',
        FAKE_GH_LOG: log,
      },
    },
  );
  const calls = existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { args: string[]; body?: { body: string }; token: boolean })
    : [];
  return { status: r.status, stdout: r.stdout, calls };
}

describe('autograde-comment.yml › post-comment, as a process with a fake gh on PATH', () => {
  it('posts the comment through gh with the token from the environment', () => {
    const { status, calls } = run(results(), { number: 12 });
    expect(status).toBe(0);
    expect(runner.outputs()).toEqual({ outcome: 'commented' });
    const post = calls.find((c) => c.args.includes('POST'));
    expect(post?.args).toContain('repos/workshop/http-bottom-up/issues/12/comments');
    expect(post?.body?.body).toContain('## Autograde: 62.5 / 100 points');
    expect(calls.every((c) => c.token)).toBe(true);
  });

  it('exits 1 and writes nothing for a fork artifact claiming PR #7 and 1,000 points', () => {
    const { status, stdout, calls } = run(results({ score: 1000, max_score: 1000 }), { number: 7 });
    expect(status).toBe(1);
    expect(stdout).toContain('::error::artifact rejected: the artifact claims pull request #7');
    expect(calls.filter((c) => c.args.includes('--method'))).toEqual([]);
    expect(runner.outputs()).toEqual({ outcome: 'rejected' });
  });
});
