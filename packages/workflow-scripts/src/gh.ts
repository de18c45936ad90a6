/**
 * The GitHub API through the `gh` CLI (preinstalled on GitHub-hosted runners, authenticated by
 * GH_TOKEN). Every call goes through one function type, so specs pass a fake that answers from
 * fixtures and records what would have been sent.
 */
import { spawn } from 'node:child_process';

/** Runs `gh <args>` with an optional stdin, resolving to stdout; rejects on a non-zero exit. */
export type Gh = (args: string[], stdin?: string) => Promise<string>;

export const realGh: Gh = (args, stdin) =>
  new Promise((resolve, reject) => {
    const child = spawn('gh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`gh ${args.slice(0, 3).join(' ')} failed (${code}): ${err.trim()}`));
    });
    child.stdin.end(stdin ?? '');
  });

/** Parses `gh api --paginate --jq '.[] | {…}'` output: one JSON object per line. */
export function jsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

export interface OpenPull {
  number: number;
  sha: string;
  author: string;
  headRepo: string | null;
}

const SHA = /^[0-9a-f]{40}$/;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/**
 * Every open pull request of the repository, from the REST API (not from any artifact): its
 * number, head commit and author. Entries with a malformed sha or login are dropped.
 */
export async function listOpenPulls(gh: Gh, repo: string): Promise<OpenPull[]> {
  const out = await gh([
    'api',
    '--paginate',
    `repos/${repo}/pulls?state=open&per_page=100`,
    '--jq',
    '.[] | {number: .number, sha: .head.sha, author: .user.login, headRepo: .head.repo.full_name}',
  ]);
  return jsonLines<OpenPull>(out).filter(
    (p) =>
      Number.isSafeInteger(p.number) && p.number > 0 && SHA.test(p.sha) && LOGIN.test(p.author),
  );
}

export const isSha = (s: unknown): s is string => typeof s === 'string' && SHA.test(s);
export const isLogin = (s: unknown): s is string => typeof s === 'string' && LOGIN.test(s);
