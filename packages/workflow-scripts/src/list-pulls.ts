/**
 * leaderboard.yml, first job (read-only token): the open pull requests to re-grade, as a matrix
 * output `{"include":[{"number":12,"sha":"…","author":"octocat"}]}` and a `count`. The grading
 * job checks out each head by SHA with the base branch's workflow; the deploy job gets the same
 * list from this job's output, so it can tell which artifact belongs to whom without trusting it.
 *
 * usage: tsx src/list-pulls.ts [--skip-graded HISTORY_DIR]
 *        (env: GITHUB_REPOSITORY, GH_TOKEN, GITHUB_OUTPUT, REGRADE_ALL)
 */
import { existsSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { appendSummary, type Env, repository, setOutput } from './actions-env.ts';
import { type Gh, listOpenPulls, realGh } from './gh.ts';
import { isMain } from './main.ts';

/** GitHub Actions refuses a matrix of more than 256 jobs. */
export const MAX_MATRIX = 256;

/**
 * Pull request heads already in the history: the data branch's files are named
 * `<time>-pr<number>-<sha7>.json` (history.ts), so `number:sha7` identifies a graded head.
 */
export function gradedHeads(dir: string | undefined): Set<string> {
  const heads = new Set<string>();
  if (dir === undefined || !existsSync(dir)) return heads;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const m = /-pr(\d+)-([0-9a-f]{7})\.json$/.exec(name);
    if (m) heads.add(`${m[1]}:${m[2]}`);
  }
  return heads;
}

/**
 * With `skipGraded` (the history folder), heads already graded are left out, so a push by one
 * participant does not re-grade the whole room; `REGRADE_ALL=true` (workflow_dispatch input)
 * re-grades everyone, e.g. after a spec was fixed.
 */
export async function listPulls(env: Env, gh: Gh, skipGraded?: string): Promise<number> {
  const graded = env.REGRADE_ALL === 'true' ? new Set<string>() : gradedHeads(skipGraded);
  const open = (await listOpenPulls(gh, repository(env))).filter(
    (p) => !p.author.endsWith('[bot]'),
  );
  const pulls = open
    .filter((p) => !graded.has(`${p.number}:${p.sha.slice(0, 7)}`))
    .sort((a, b) => a.number - b.number)
    .slice(0, MAX_MATRIX);
  const include = pulls.map(({ number, sha, author }) => ({ number, sha, author }));
  setOutput(env, 'matrix', JSON.stringify({ include }));
  setOutput(env, 'count', include.length);
  appendSummary(
    env,
    `Re-grading ${include.length} of ${open.length} open pull requests (${open.length - include.length} already graded at their head).`,
  );
  return 0;
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { 'skip-graded': { type: 'string' } },
  });
  listPulls(process.env, realGh, values['skip-graded']).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
