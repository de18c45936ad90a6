/** Git facts about the graded tree and the participant's name. Never fails: unknown is null. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim();
  } catch {
    return undefined;
  }
}

export function gitState(dir: string): { commit: string | null; dirty: boolean } {
  const commit = git(dir, ['rev-parse', 'HEAD']);
  if (commit === undefined || !/^[0-9a-f]{40}$/.test(commit)) return { commit: null, dirty: false };
  const status = git(dir, ['status', '--porcelain', '--untracked-files=normal']);
  return { commit, dirty: status === undefined ? false : status !== '' };
}

/** The pull request's author in GitHub Actions, else GITHUB_ACTOR, else the git user, else the OS user. */
export function defaultParticipant(dir: string): string {
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
  const user = git(dir, ['config', 'user.name']);
  if (user) return user;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
