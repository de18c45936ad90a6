/**
 * leaderboard.yml, deploy job (runs no participant code): files each re-graded pull request's
 * results into the history on the data branch, which the tie-break needs ("the earliest time the
 * total was first reached").
 *
 * Who a results file belongs to comes from the first job's list of open pull requests (the
 * `PULLS` matrix JSON, from the API), matched by artifact name `results-<number>`: the file must be
 * for that pull request's author and head commit. Its `timestamp` is replaced by the time this job
 * saw it: the grading job ran participant code and could have back-dated it to win ties.
 *
 * usage: tsx src/history.ts --incoming DIR --data DIR   (env: PULLS, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { escapeMarkdown } from '@hbu/leaderboard';
import { appendSummary, type Env, requireEnv, setOutput } from './actions-env.ts';
import { isLogin, isSha } from './gh.ts';
import { isMain } from './main.ts';
import { checkResults, readArtifactFile } from './results.ts';

export interface PullEntry {
  number: number;
  sha: string;
  author: string;
}

export interface Filed {
  pull: number;
  author: string;
  outcome: 'added' | 'unchanged' | 'missing' | 'rejected';
  detail: string;
}

export function parsePulls(json: string): PullEntry[] {
  const parsed = JSON.parse(json) as { include?: unknown };
  if (!Array.isArray(parsed.include)) throw new Error('PULLS must be {"include": [...]}');
  return parsed.include.filter(
    (p): p is PullEntry =>
      typeof p === 'object' &&
      p !== null &&
      Number.isSafeInteger((p as PullEntry).number) &&
      isSha((p as PullEntry).sha) &&
      isLogin((p as PullEntry).author),
  );
}

export function fileResults(options: {
  incoming: string;
  data: string;
  pulls: PullEntry[];
  now: Date;
}): Filed[] {
  const filed: Filed[] = [];
  const stamp = options.now.toISOString();
  for (const pull of options.pulls) {
    const dir = join(options.incoming, `results-${pull.number}`);
    const base = { pull: pull.number, author: pull.author };
    if (!existsSync(dir)) {
      filed.push({
        ...base,
        outcome: 'missing',
        detail: 'no results artifact (the grading job failed?)',
      });
      continue;
    }
    const file = readArtifactFile(dir, 'results.json');
    if (!file.ok) {
      filed.push({ ...base, outcome: 'rejected', detail: file.error });
      continue;
    }
    const checked = checkResults(file.text, `results-${pull.number}/results.json`);
    if (!checked.ok) {
      filed.push({ ...base, outcome: 'rejected', detail: checked.error });
      continue;
    }
    const { facts, doc } = checked;
    if (facts.participant.toLowerCase() !== pull.author.toLowerCase()) {
      filed.push({
        ...base,
        outcome: 'rejected',
        detail: `results are for "${facts.participant.slice(0, 40)}", not the author`,
      });
      continue;
    }
    if (facts.commit !== pull.sha) {
      filed.push({
        ...base,
        outcome: 'rejected',
        detail: `results are for commit ${facts.commit}, not the head ${pull.sha}`,
      });
      continue;
    }
    const folder = join(options.data, 'results', pull.author.toLowerCase());
    mkdirSync(folder, { recursive: true });
    const previous = readdirSync(folder)
      .filter((n) => n.endsWith('.json'))
      .sort()
      .at(-1);
    if (previous !== undefined) {
      const last = JSON.parse(readFileSync(join(folder, previous), 'utf8')) as {
        score?: number;
        git?: { commit?: string | null };
      };
      if (last.score === doc.score && last.git?.commit === pull.sha) {
        filed.push({ ...base, outcome: 'unchanged', detail: `${facts.score} points, same commit` });
        continue;
      }
    }
    // Still a valid results file (the grader's schema allows no extra fields): the pull request
    // number goes in the file name.
    const record = {
      ...doc,
      participant: pull.author,
      timestamp: stamp,
      git: { ...(doc.git as object), commit: pull.sha },
    };
    const name = `${stamp.replace(/[:.]/g, '-')}-pr${pull.number}-${pull.sha.slice(0, 7)}.json`;
    writeFileSync(join(folder, name), `${JSON.stringify(record, null, 2)}\n`);
    filed.push({ ...base, outcome: 'added', detail: `${facts.score} points` });
  }
  return filed;
}

export function main(argv: string[], env: Env = process.env, now = new Date()): number {
  const { values } = parseArgs({
    args: argv,
    options: { incoming: { type: 'string' }, data: { type: 'string' } },
  });
  if (!values.incoming || !values.data) {
    console.error('usage: history --incoming DIR --data DIR   (env PULLS)');
    return 2;
  }
  const pulls = parsePulls(requireEnv(env, 'PULLS'));
  const filed = fileResults({ incoming: values.incoming, data: values.data, pulls, now });
  const added = filed.filter((f) => f.outcome === 'added').length;
  setOutput(env, 'added', added);
  appendSummary(
    env,
    [
      `### Leaderboard history: ${added} new result${added === 1 ? '' : 's'}`,
      '',
      '| Pull request | Author | Outcome | Detail |',
      '| --: | :-- | :-- | :-- |',
      ...filed.map(
        (f) =>
          `| #${f.pull} | ${escapeMarkdown(f.author)} | ${f.outcome} | ${escapeMarkdown(f.detail)} |`,
      ),
    ].join('\n'),
  );
  for (const f of filed) console.log(`#${f.pull} ${f.author}: ${f.outcome} (${f.detail})`);
  return 0;
}

if (isMain(import.meta.url)) process.exitCode = main(process.argv.slice(2));
