/**
 * leaderboard.yml, first job (read-only token): the open pull requests to re-grade — only heads
 * not yet in the history — as `pulls` (`{"include":[{"number":12,"sha":"…","author":"octocat"}]}`,
 * which the publish job uses to tell which artifact belongs to whom without trusting it), a
 * `count`, and `matrix`: the same pull requests in batches, `{"include":[{"batch":1,"pulls":[…]}]}`.
 * GitHub refuses a matrix of more than 256 jobs, so up to 256 pull requests get a job each (each
 * participant's code alone on its runner, as before) and beyond that each job grades
 * ceil(n / 256) pull requests one after the other — a cohort of a thousand is 250 jobs of four.
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
    .sort((a, b) => a.number - b.number);
  const include = pulls.map(({ number, sha, author }) => ({ number, sha, author }));
  const batches = batch(include);
  setOutput(env, 'pulls', JSON.stringify({ include }));
  setOutput(env, 'matrix', JSON.stringify({ include: batches }));
  setOutput(env, 'count', include.length);
  appendSummary(
    env,
    `Re-grading ${include.length} of ${open.length} open pull requests (${open.length - include.length} already graded at their head) in ${batches.length} job${batches.length === 1 ? '' : 's'}.`,
  );
  return 0;
}

/** Splits the list into at most `max` batches of equal size (the last may be smaller). */
export function batch<T>(items: T[], max = MAX_MATRIX): Array<{ batch: number; pulls: T[] }> {
  const size = Math.max(1, Math.ceil(items.length / max));
  const out: Array<{ batch: number; pulls: T[] }> = [];
  for (let i = 0; i < items.length; i += size) {
    out.push({ batch: out.length + 1, pulls: items.slice(i, i + size) });
  }
  return out;
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
