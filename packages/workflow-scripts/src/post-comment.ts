/**
 * autograde-comment.yml (`workflow_run` of autograde, base-branch code, a token that may write
 * pull-request comments): turns the autograde artifact into one sticky score comment.
 *
 * The artifact is untrusted: the pull request's code ran in the job that wrote it, and a pull
 * request may even rewrite autograde.yml. So:
 * - the pull request is found from the run's head SHA through the API, never from the artifact;
 * - the artifact must agree with it (a claimed PR number, the graded commit, the participant);
 * - the results are validated (types, ranges, sums, the grader's schema) and the comment is
 *   rendered here, escaped, from the validated numbers.
 *
 * usage: tsx src/post-comment.ts --artifact DIR   (env: GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GH_TOKEN)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { escapeMarkdown } from '@hbu/leaderboard';
import {
  annotate,
  appendSummary,
  type Env,
  readEvent,
  repository,
  setOutput,
} from './actions-env.ts';
import { MARKER, renderComment } from './comment-body.ts';
import { type Gh, isSha, jsonLines, listOpenPulls, realGh } from './gh.ts';
import { isMain } from './main.ts';
import { checkResults, readArtifactFile } from './results.ts';

interface WorkflowRunEvent {
  workflow_run?: {
    id?: number;
    head_sha?: string;
    html_url?: string;
    event?: string;
    conclusion?: string | null;
    head_repository?: { full_name?: string } | null;
  };
}

export type Outcome =
  | { kind: 'commented'; pull: number; commentId: number; updated: boolean }
  | { kind: 'skipped'; reason: string }
  | { kind: 'rejected'; reason: string };

export async function postComment(options: {
  artifact: string;
  env: Env;
  gh: Gh;
}): Promise<Outcome> {
  const { env, gh } = options;
  const repo = repository(env);
  const run = readEvent<WorkflowRunEvent>(env).workflow_run;
  if (!run || !isSha(run.head_sha))
    return { kind: 'rejected', reason: 'the event is not a workflow_run with a head SHA' };
  if (run.event !== undefined && run.event !== 'pull_request') {
    return { kind: 'skipped', reason: `the run was triggered by ${run.event}, not a pull request` };
  }

  // 1. The pull request, from the API.
  const pulls = (await listOpenPulls(gh, repo)).filter((p) => p.sha === run.head_sha);
  const fromSameRepo = pulls.filter(
    (p) => !run.head_repository?.full_name || p.headRepo === run.head_repository.full_name,
  );
  const candidates = fromSameRepo.length > 0 ? fromSameRepo : pulls;
  if (candidates.length === 0) {
    return {
      kind: 'skipped',
      reason: `no open pull request has head ${run.head_sha} (closed, or pushed again since)`,
    };
  }
  if (candidates.length > 1) {
    return {
      kind: 'rejected',
      reason: `${candidates.length} open pull requests have head ${run.head_sha}; refusing to guess`,
    };
  }
  const pull = candidates[0]!;

  // 2. The artifact, as data.
  const claim = readArtifactFile(options.artifact, 'pr.json');
  if (claim.ok) {
    let claimed: unknown;
    try {
      claimed = (JSON.parse(claim.text) as { number?: unknown }).number;
    } catch {
      return { kind: 'rejected', reason: 'pr.json: not valid JSON' };
    }
    if (claimed !== pull.number) {
      return {
        kind: 'rejected',
        reason: `the artifact claims pull request #${String(claimed).slice(0, 20)}, but run ${run.id} graded ${run.head_sha}, the head of #${pull.number}`,
      };
    }
  }
  const file = readArtifactFile(options.artifact, 'results.json');
  if (!file.ok) return { kind: 'rejected', reason: file.error };
  const checked = checkResults(file.text, 'results.json');
  if (!checked.ok) return { kind: 'rejected', reason: checked.error };
  const { facts } = checked;
  if (facts.commit !== null && facts.commit !== run.head_sha) {
    return {
      kind: 'rejected',
      reason: `results.json graded commit ${facts.commit}, not the run's head ${run.head_sha}`,
    };
  }
  if (facts.participant.toLowerCase() !== pull.author.toLowerCase()) {
    return {
      kind: 'rejected',
      reason: `results.json is for "${facts.participant.slice(0, 40)}", but #${pull.number} is by ${pull.author}`,
    };
  }

  // 3. One sticky comment: update ours if it exists, else create it.
  const body = renderComment(facts, {
    sha: run.head_sha,
    runUrl: run.html_url ?? null,
    pull: pull.number,
  });
  const dir = mkdtempSync(join(tmpdir(), 'hbu-comment-'));
  const input = join(dir, 'body.json');
  writeFileSync(input, JSON.stringify({ body }));
  const existing = jsonLines<{ id: number; user: string; body: string }>(
    await gh([
      'api',
      '--paginate',
      `repos/${repo}/issues/${pull.number}/comments?per_page=100`,
      '--jq',
      '.[] | {id: .id, user: .user.login, body: .body}',
    ]),
  ).find((c) => c.user === 'github-actions[bot]' && c.body.startsWith(MARKER));
  const response = existing
    ? await gh([
        'api',
        '--method',
        'PATCH',
        `repos/${repo}/issues/comments/${existing.id}`,
        '--input',
        input,
        '--jq',
        '.id',
      ])
    : await gh([
        'api',
        '--method',
        'POST',
        `repos/${repo}/issues/${pull.number}/comments`,
        '--input',
        input,
        '--jq',
        '.id',
      ]);
  return {
    kind: 'commented',
    pull: pull.number,
    commentId: Number(response.trim()),
    updated: existing !== undefined,
  };
}

export async function main(
  argv: string[],
  env: Env = process.env,
  gh: Gh = realGh,
): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { artifact: { type: 'string' } } });
  if (!values.artifact) {
    console.error('usage: post-comment --artifact DIR');
    return 2;
  }
  const outcome = await postComment({ artifact: values.artifact, env, gh });
  setOutput(env, 'outcome', outcome.kind);
  switch (outcome.kind) {
    case 'commented':
      appendSummary(
        env,
        `Score comment ${outcome.updated ? 'updated' : 'posted'} on #${outcome.pull}.`,
      );
      return 0;
    case 'skipped':
      appendSummary(env, `No comment: ${escapeMarkdown(outcome.reason)}.`);
      return 0;
    case 'rejected':
      annotate('error', `artifact rejected: ${outcome.reason}`);
      appendSummary(env, `### Autograde artifact rejected\n\n${escapeMarkdown(outcome.reason)}`);
      return 1;
  }
}

if (isMain(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
