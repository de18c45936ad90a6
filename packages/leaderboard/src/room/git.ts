/**
 * Participants' pushed branches, read without trusting them: fetched into the room's own bare
 * mirror (so no participant configuration, hook or filter is ever read), each head exported with
 * `git archive` into a fresh folder, symlinks removed. Git runs in a clean environment: no system
 * or global configuration, hooks and fsmonitor off, no prompts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface Head {
  branch: string;
  sha: string;
}

/** A branch name usable as a participant name and a folder name. */
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function cleanGitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '/bin/false',
  };
}

const SAFE = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=',
  '-c',
  'protocol.ext.allow=never',
];

function git(mirror: string, home: string, args: string[], input?: Buffer): Buffer {
  const r = spawnSync('git', [...SAFE, '-C', mirror, ...args], {
    env: cleanGitEnv(home),
    input,
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.status !== 0) {
    throw new Error(
      `git ${args[0]} failed (${r.status}): ${String(r.stderr).trim().slice(0, 500)}`,
    );
  }
  return r.stdout;
}

/** Fetches every branch of `remote` into the room's mirror; returns the heads by branch. */
export function fetchHeads(remote: string, state: string): Head[] {
  const mirror = join(state, 'mirror.git');
  const home = join(state, 'home');
  mkdirSync(home, { recursive: true });
  if (!existsSync(mirror)) {
    mkdirSync(mirror, { recursive: true });
    git(mirror, home, ['init', '--quiet', '--bare']);
  }
  git(mirror, home, [
    'fetch',
    '--quiet',
    '--prune',
    '--no-tags',
    remote,
    '+refs/heads/*:refs/heads/*',
  ]);
  return git(mirror, home, [
    'for-each-ref',
    '--format=%(refname:strip=2) %(objectname)',
    'refs/heads',
  ])
    .toString()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [branch = '', sha = ''] = l.split(' ');
      return { branch, sha };
    })
    .filter((h) => BRANCH.test(h.branch) && /^[0-9a-f]{40}$/.test(h.sha));
}

/** Exports the tree of `sha` into `dir` (emptied first); returns `dir`. */
export function exportHead(state: string, sha: string, dir: string): string {
  const mirror = join(state, 'mirror.git');
  const home = join(state, 'home');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = git(mirror, home, ['archive', '--format=tar', sha]);
  const r = spawnSync('tar', ['-x', '--no-same-owner', '--no-same-permissions', '-C', dir], {
    input: tar,
    env: cleanGitEnv(home),
  });
  if (r.status !== 0) throw new Error(`tar failed: ${String(r.stderr).slice(0, 300)}`);
  removeLinks(dir);
  return dir;
}

/** A checkout is data: a link out of it (to the instructor's files) is removed, not followed. */
function removeLinks(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) rmSync(path);
    else if (stat.isDirectory()) removeLinks(path);
  }
}
