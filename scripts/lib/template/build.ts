/**
 * Builds the participant template from the instructor's source: every file of the working tree
 * (tracked, or new and not ignored) except the source-only ones (plan.ts), with the npm scripts
 * that need the source removed and the participant's README and the instructor's guide written.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SOURCE_ONLY_SCRIPTS, sourceOnly, WRITTEN } from './plan.ts';
import { instructorGuide, participantReadme } from './readmes.ts';

export interface Template {
  out: string;
  /** Files written, relative to `out`, sorted. */
  files: string[];
  /** The commit, when `commit` was asked for. */
  commit?: string;
}

function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** A symbolic link the tree tracks (a fixture) whose target is a file inside the tree. */
function isLinkToOwnFile(root: string, file: string): boolean {
  if (!lstatSync(file).isSymbolicLink()) return false;
  const target = resolve(dirname(file), readlinkSync(file));
  return target.startsWith(`${resolve(root)}/`) && existsSync(target) && statSync(target).isFile();
}

/**
 * The source's files as a participant clone would see them: tracked or new, not ignored,
 * present; a symbolic link to a file of the tree (a fixture) counts and is copied as a link.
 */
export function sourceFiles(root: string): string[] {
  const listed = git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
    .split('\0')
    .filter(Boolean);
  return [...new Set(listed)]
    .filter((f) => {
      const path = join(root, f);
      return existsSync(path) && (lstatSync(path).isFile() || isLinkToOwnFile(root, path));
    })
    .sort();
}

function withoutScripts(text: string, drop: readonly string[]): string {
  const json = JSON.parse(text) as { scripts?: Record<string, string> };
  for (const name of drop) delete json.scripts?.[name];
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function buildTemplate(options: { root: string; out: string; commit?: boolean }): Template {
  const { root, out } = options;
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new Error(`${out} is not empty: the template is built into a new or empty folder`);
  }
  const written: string[] = [];
  const put = (rel: string, text: string): void => {
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    writeFileSync(join(out, rel), text);
    written.push(rel);
  };
  for (const rel of sourceFiles(root)) {
    if (sourceOnly(rel) || rel === WRITTEN.readme || rel === WRITTEN.instructor) continue;
    const drop = SOURCE_ONLY_SCRIPTS[rel];
    if (drop !== undefined) {
      put(rel, withoutScripts(readFileSync(join(root, rel), 'utf8'), drop));
      continue;
    }
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    if (lstatSync(join(root, rel)).isSymbolicLink()) {
      symlinkSync(readlinkSync(join(root, rel)), join(out, rel));
    } else {
      copyFileSync(join(root, rel), join(out, rel)); // keeps the mode: executable fixtures stay so
    }
    written.push(rel);
  }
  put(WRITTEN.readme, participantReadme(readFileSync(join(root, 'README.md'), 'utf8')));
  put(WRITTEN.instructor, instructorGuide());
  const template: Template = { out, files: written.sort() };
  if (options.commit) template.commit = commitTemplate(out, root);
  return template;
}

/** One commit on branch `main` of a new repository in `out`, naming the source commit. */
function commitTemplate(out: string, root: string): string {
  const source = git(root, ['rev-parse', '--short=12', 'HEAD']).trim();
  const identity = {
    GIT_AUTHOR_NAME: 'hbu template',
    GIT_AUTHOR_EMAIL: 'template@users.noreply.github.com',
    GIT_COMMITTER_NAME: 'hbu template',
    GIT_COMMITTER_EMAIL: 'template@users.noreply.github.com',
  };
  git(out, ['init', '--quiet', '--initial-branch=main']);
  git(out, ['add', '--all']);
  git(
    out,
    ['commit', '--quiet', '--no-verify', '-m', `HTTP Bottom Up workshop (from ${source})`],
    identity,
  );
  return git(out, ['rev-parse', 'HEAD']).trim();
}
