import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MARKER } from '../src/comment-body.ts';
import { main, postComment } from '../src/post-comment.ts';
import { HEAD, results } from './make-results.ts';
import { fakeGh, type GhCall, openPulls, type Runner, simulateRunner } from './runner.ts';

let runner: Runner;
afterEach(() => {
  runner?.cleanup();
  vi.restoreAllMocks();
});

/** The downloaded artifact: results.json and, when given, the pr.json claim. */
function artifact(doc: unknown, claim?: unknown): string {
  const dir = join(runner.env.RUNNER_TEMP!, 'artifact');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
  if (claim !== undefined) writeFileSync(join(dir, 'pr.json'), JSON.stringify(claim));
  return dir;
}

const noComments = () =>
  fakeGh([
    [/^api --paginate repos\/workshop\/http-bottom-up\/pulls\?state=open/, openPulls],
    [/^api --paginate repos\/workshop\/http-bottom-up\/issues\/12\/comments/, () => ''],
    [/^api --method POST repos\/workshop\/http-bottom-up\/issues\/12\/comments/, () => '4242\n'],
  ]);

const bodyOf = (call: GhCall | undefined): string => {
  if (!call) throw new Error('no comment was written');
  return (call.body as { body: string }).body;
};

const writes = (gh: ReturnType<typeof fakeGh>) =>
  gh.calls.filter((c) => c.args.includes('--method'));

describe('autograde-comment.yml › post-comment (workflow_run event)', () => {
  it('finds the pull request from the run head SHA through the API and creates the sticky comment', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const gh = noComments();
    const outcome = await postComment({
      artifact: artifact(results(), { number: 12 }),
      env: runner.env,
      gh,
    });

    expect(outcome).toEqual({ kind: 'commented', pull: 12, commentId: 4242, updated: false });
    const body = bodyOf(writes(gh)[0]);
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain('## Autograde: 62.5 / 100 points');
    expect(body).toContain('4 of 8 stages complete');
    expect(body).toContain(`commit \`${HEAD.slice(0, 7)}\``);
    expect(body).toContain(
      '[run](https://github.com/workshop/http-bottom-up/actions/runs/987654321)',
    );
  });

  it('updates its own sticky comment instead of adding another (and ignores look-alikes by others)', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const gh = fakeGh([
      [/pulls\?state=open/, openPulls],
      [
        /issues\/12\/comments/,
        () =>
          [
            { id: 1, user: 'mallory', body: `${MARKER}\nfake score 1000` },
            {
              id: 2,
              user: 'github-actions[bot]',
              body: `${MARKER}\n## Autograde: 10 / 100 points`,
            },
            { id: 3, user: 'github-actions[bot]', body: 'some other bot comment' },
          ]
            .map((c) => JSON.stringify(c))
            .join('\n'),
      ],
      [/^api --method PATCH repos\/workshop\/http-bottom-up\/issues\/comments\/2 /, () => '2'],
    ]);
    const outcome = await postComment({ artifact: artifact(results()), env: runner.env, gh });
    expect(outcome).toEqual({ kind: 'commented', pull: 12, commentId: 2, updated: true });
    expect(writes(gh)).toHaveLength(1);
  });

  it('rejects a fork artifact that claims another pull request (#7) and a score of 1,000, and writes nothing', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const gh = noComments();
    const forged = results({ score: 1000, max_score: 1000, participant: 'mallory' }, 62.5);
    const dir = artifact(forged, { number: 7 });
    vi.spyOn(console, 'log').mockImplementation(() => {});

    const code = await main(['--artifact', dir], runner.env, gh);

    expect(code).toBe(1);
    expect(writes(gh)).toEqual([]);
    expect(runner.outputs()).toEqual({ outcome: 'rejected' });
    expect(runner.summary()).toContain('Autograde artifact rejected');
    expect(runner.summary()).toContain('claims pull request #7');
  });

  it('rejects a score of 1,000 even without a false pull request claim', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const gh = noComments();
    const doc = results({}, 62.5) as {
      katas: Array<{ score: number; max_score: number }>;
      score: number;
      max_score: number;
    };
    doc.katas[0]!.score = 1000;
    doc.katas[0]!.max_score = 1000;
    doc.score = 1000;
    doc.max_score = 1000;
    const outcome = await postComment({
      artifact: artifact(doc, { number: 12 }),
      env: runner.env,
      gh,
    });
    expect(outcome).toMatchObject({
      kind: 'rejected',
      reason: expect.stringMatching(/stage weights sum to 100/),
    });
    expect(writes(gh)).toEqual([]);
  });

  it('rejects results graded from another commit or for another participant', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const other = await postComment({
      artifact: artifact(results({ git: { commit: '7'.repeat(40), dirty: false } })),
      env: runner.env,
      gh: noComments(),
    });
    expect(other).toMatchObject({
      kind: 'rejected',
      reason: expect.stringMatching(/graded commit 7{40}/),
    });
    const someoneElse = await postComment({
      artifact: artifact(results({ participant: 'mallory' })),
      env: runner.env,
      gh: noComments(),
    });
    expect(someoneElse).toMatchObject({
      kind: 'rejected',
      reason: expect.stringMatching(/#12 is by octocat/),
    });
  });

  it('refuses a results.json that is a symlink (it could point outside the artifact folder)', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const dir = join(runner.env.RUNNER_TEMP!, 'artifact');
    mkdirSync(dir);
    writeFileSync(join(runner.dir, 'elsewhere.json'), JSON.stringify(results()));
    symlinkSync(join(runner.dir, 'elsewhere.json'), join(dir, 'results.json'));
    const outcome = await postComment({ artifact: dir, env: runner.env, gh: noComments() });
    expect(outcome).toMatchObject({
      kind: 'rejected',
      reason: expect.stringMatching(/symlinks are refused/),
    });
  });

  it('rejects truncated results', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const outcome = await postComment({
      artifact: artifact(JSON.stringify(results()).slice(0, 99)),
      env: runner.env,
      gh: noComments(),
    });
    expect(outcome).toMatchObject({
      kind: 'rejected',
      reason: expect.stringMatching(/not valid JSON/),
    });
  });

  it('escapes markup in titles so the comment cannot carry HTML, links or mentions', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const gh = noComments();
    const doc = results() as { katas: Array<{ title: string; stages: Array<{ title: string }> }> };
    doc.katas[0]!.title = '<img src=x> [x](https://evil.example) @everyone';
    doc.katas[0]!.stages[0]!.title = '</details><script>';
    await postComment({ artifact: artifact(doc), env: runner.env, gh });
    const body = bodyOf(writes(gh)[0]);
    expect(body).not.toMatch(/<img|<script|<\/details><|@everyone|(?<!\\)\]\(https:\/\/evil/);
    // The link is defused by escaping its brackets (the issue-21 escaping escapes no more than that).
    expect(body).toContain('\\[x\\](https://evil.example)');
  });

  it('skips quietly when no open pull request has that head any more', async () => {
    runner = simulateRunner('workflow-run.fork.json');
    const gh = fakeGh([[/pulls\?state=open/, () => '']]);
    const code = await main(['--artifact', artifact(results())], runner.env, gh);
    expect(code).toBe(0);
    expect(runner.outputs()).toEqual({ outcome: 'skipped' });
  });
});
