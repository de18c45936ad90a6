/**
 * `npm run kata -- reset <slug> [--yes]`: puts the shipped stub back in `katas/<slug>/src/`,
 * after copying the participant's `src/` to `.kata-backups/<slug>-<timestamp>/` (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableKata } from './course-status.ts';

export interface ResetOptions {
  /** The commit whose src/ to restore (default HEAD: the stub as last committed). */
  ref?: string;
  /** A clock for the backup's name; tests pin it. */
  now?: Date;
}

/** `2026-12-02T13-05-09Z`: a timestamp that is a valid folder name everywhere. */
export function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

/** Backs up src/ and restores it from git. Returns the backup folder (relative to root). */
export function resetKata(root: string, slug: string, options: ResetOptions = {}): string {
  availableKata(root, slug);
  const src = join('katas', slug, 'src');
  const ref = options.ref ?? 'HEAD';
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // Fails before anything is touched when the ref has no such folder.
  git('rev-parse', '--verify', '--quiet', `${ref}:${src}`);
  const backup = join(root, '.kata-backups', `${slug}-${stamp(options.now ?? new Date())}`);
  mkdirSync(backup, { recursive: true });
  if (existsSync(join(root, src)))
    cpSync(join(root, src), join(backup, 'src'), { recursive: true });
  git('checkout', ref, '--', src);
  git('clean', '-fdq', '--', src);
  // `checkout <ref>` also stages the stub; leave the index as the participant had it.
  if (ref !== 'HEAD') git('reset', '-q', '--', src);
  return relative(root, backup);
}
