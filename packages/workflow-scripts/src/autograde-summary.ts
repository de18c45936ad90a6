/**
 * autograde.yml, after `npm run grade`: writes the Markdown board to the job summary, sets the
 * score as step outputs, and writes `pr.json` (the pull request number and head SHA from the
 * event) beside results.json for the artifact. pr.json is a claim the comment workflow checks
 * against the API; it is never trusted on its own.
 *
 * usage: tsx src/autograde-summary.ts --results FILE --markdown FILE --out DIR
 *        (env: GITHUB_EVENT_PATH of a pull_request event, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { annotate, appendSummary, type Env, readEvent, setOutput } from './actions-env.ts';
import { isSha } from './gh.ts';
import { isMain } from './main.ts';
import { checkResults } from './results.ts';

interface PullRequestEvent {
  number?: number;
  pull_request?: { number?: number; head?: { sha?: string } };
}

export function summarize(options: {
  results: string;
  markdown: string;
  out: string;
  env: Env;
}): number {
  const { env } = options;
  const event = readEvent<PullRequestEvent>(env);
  const number = event.pull_request?.number ?? event.number;
  const sha = event.pull_request?.head?.sha;
  mkdirSync(options.out, { recursive: true });
  if (typeof number === 'number' && isSha(sha)) {
    writeFileSync(join(options.out, 'pr.json'), `${JSON.stringify({ number, head_sha: sha })}\n`);
  }

  if (!existsSync(options.results)) {
    appendSummary(env, '### Autograde\n\nThe grader wrote no results: see the "Grade" step log.');
    annotate('error', 'the grader wrote no results file');
    setOutput(env, 'status', 'error');
    return 1;
  }
  const checked = checkResults(readFileSync(options.results, 'utf8'), 'results.json');
  if (!checked.ok) {
    appendSummary(env, `### Autograde\n\nThe results file is not valid: ${checked.error}`);
    annotate('error', checked.error);
    setOutput(env, 'status', 'error');
    return 1;
  }
  const { facts, doc } = checked;
  const max = facts.katas.reduce((s, k) => s + k.maxScore, 0);
  const board = existsSync(options.markdown)
    ? readFileSync(options.markdown, 'utf8')
    : `### Autograde: ${facts.score} / ${max} points\n`;
  appendSummary(env, board);
  setOutput(env, 'score', facts.score);
  setOutput(env, 'max_score', max);
  setOutput(env, 'status', typeof doc.status === 'string' ? doc.status : 'fail');
  console.log(`autograde: ${facts.participant} scored ${facts.score} / ${max}`);
  return 0;
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { results: { type: 'string' }, markdown: { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.results || !values.markdown || !values.out) {
    console.error('usage: autograde-summary --results FILE --markdown FILE --out DIR');
    process.exitCode = 2;
  } else {
    process.exitCode = summarize({
      results: values.results,
      markdown: values.markdown,
      out: values.out,
      env: process.env,
    });
  }
}
