/**
 * Git facts about the graded tree and the participant's name. Never fails: unknown is null.
 *
 * A submitted folder is hostile: its `.git/config` can name commands git runs (`core.fsmonitor`
 * during `git status`, filters, `diff.external`, includes of other files). So git NEVER runs in
 * a submission: its commit is read from `.git/HEAD` and the refs as plain files (bounded reads,
 * nothing executed), and `dirty` is not known (false). git runs only in the grader's own tree,
 * and even there with fsmonitor, hooks and system/global configuration off and a clean environment.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

const SHA = /^[0-9a-f]{40}$/;
const REF = /^refs\/[A-Za-z0-9._/-]{1,200}$/;

/** git in the grader's own tree: no fsmonitor, no hooks, no system or global config, clean env. */
function git(cwd: string, args: string[], userConfig = false): string | undefined {
  try {
    return execFileSync(
      'git',
      ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args],
      {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 10_000,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_TERMINAL_PROMPT: '0',
          // The participant's name may live in their global configuration; nothing else is read.
          ...(userConfig && process.env.HOME !== undefined
            ? { HOME: process.env.HOME }
            : { GIT_CONFIG_GLOBAL: '/dev/null', HOME: '/nonexistent' }),
        },
      },
    ).trim();
  } catch {
    return undefined;
  }
}

/** At most `max` bytes of a regular file (never a FIFO, a device or a huge file). */
function readSmall(file: string, max = 64 * 1024): string | undefined {
  const stat = lstatSync(file, { throwIfNoEntry: false });
  if (stat === undefined || !stat.isFile()) return undefined;
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(max, stat.size));
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The commit HEAD names in `dir`, read from files only (`.git` folder or a `gitdir:` file). */
export function readHeadCommit(dir: string): string | null {
  try {
    let gitDir = join(dir, '.git');
    const stat = lstatSync(gitDir, { throwIfNoEntry: false });
    if (stat?.isFile()) {
      const pointer = /^gitdir: (.+)$/m.exec(readSmall(gitDir, 4096) ?? '')?.[1]?.trim();
      if (pointer === undefined) return null;
      gitDir = isAbsolute(pointer) ? pointer : resolve(dir, pointer);
    } else if (!stat?.isDirectory()) return null;
    const head = readSmall(join(gitDir, 'HEAD'), 4096)?.trim();
    if (head === undefined) return null;
    if (SHA.test(head)) return head;
    const ref = /^ref: (.+)$/.exec(head)?.[1]?.trim();
    if (ref === undefined || !REF.test(ref) || ref.includes('..')) return null;
    // A worktree keeps its HEAD but shares refs with the main repository (commondir).
    const common = readSmall(join(gitDir, 'commondir'), 4096)?.trim();
    const dirs = [
      gitDir,
      ...(common ? [isAbsolute(common) ? common : resolve(gitDir, common)] : []),
    ];
    for (const d of dirs) {
      const loose = readSmall(join(d, ref), 4096)?.trim();
      if (loose !== undefined && SHA.test(loose)) return loose;
    }
    for (const d of dirs) {
      const packed = readSmall(join(d, 'packed-refs'), 4 * 1024 * 1024);
      for (const line of packed?.split('\n') ?? []) {
        const [sha, name] = line.split(' ');
        if (name === ref && sha !== undefined && SHA.test(sha)) return sha;
      }
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * `trusted`: the grader's own tree (git may run there). Otherwise a submission: files only.
 */
export function gitState(dir: string, trusted: boolean): { commit: string | null; dirty: boolean } {
  if (!trusted) return { commit: readHeadCommit(dir), dirty: false };
  const commit = git(dir, ['rev-parse', 'HEAD']);
  if (commit === undefined || !SHA.test(commit)) return { commit: null, dirty: false };
  const status = git(dir, ['status', '--porcelain', '--untracked-files=normal']);
  return { commit, dirty: status === undefined ? false : status !== '' };
}

/** The pull request's author in GitHub Actions, else GITHUB_ACTOR, else the git user of the grader's tree, else the OS user. */
export function defaultParticipant(trustedDir: string): string {
  const eventPath = process.env.GITHUB_EVENT_PATH;
  if (eventPath !== undefined && existsSync(eventPath)) {
    try {
      const event = JSON.parse(readFileSync(eventPath, 'utf8')) as {
        pull_request?: { user?: { login?: string } };
      };
      const login = event.pull_request?.user?.login;
      if (login) return login;
    } catch {
      // Not JSON: fall through.
    }
  }
  if (process.env.GITHUB_ACTOR) return process.env.GITHUB_ACTOR;
  const user = git(trustedDir, ['config', 'user.name'], true);
  if (user) return user;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
