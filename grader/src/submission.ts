/**
 * `--submission DIR`: a pristine copy of this repository's katas with only `katas/<slug>/src/`
 * taken from DIR. Specs, fixtures, configs, package files and the lockfile come from the grader's
 * own tree; anything else DIR changed is listed as an ignored change (by content hash).
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

export interface PreparedTree {
  /** Root of the tree to run: the pristine copy with the submission's src folders. */
  root: string;
  /** Files of DIR outside the graded `src/` folders that differ from the pristine tree. */
  ignored: string[];
  /** Slugs whose src/ came from DIR (the others are graded as their stub). */
  fromSubmission: string[];
  cleanup: () => void;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.self-check', '.stryker-tmp']);
const WALK_LIMIT = 20_000;

const hashFile = (file: string): string =>
  createHash('sha256').update(readFileSync(file)).digest('hex');

/** Regular files under dir (relative paths), skipping VCS and dependency folders; symlinks are listed separately. */
function walk(dir: string, base = dir, out = { files: [] as string[], links: [] as string[] }) {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (out.files.length + out.links.length >= WALK_LIMIT) break;
    const path = join(dir, name);
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat === undefined) continue;
    if (stat.isSymbolicLink()) out.links.push(relative(base, path));
    else if (stat.isDirectory()) {
      if (!SKIP_DIRS.has(name)) walk(path, base, out);
    } else if (stat.isFile()) out.files.push(relative(base, path));
  }
  return out;
}

/** `dir` in `from` or its nearest ancestor that has one (a workspace's node_modules may sit higher). */
function nearest(from: string, dir: string): string | undefined {
  let at = from;
  for (;;) {
    if (existsSync(join(at, dir))) return join(at, dir);
    const up = dirname(at);
    if (up === at) return undefined;
    at = up;
  }
}

/** `katas/<slug>/src/…` of a graded kata? */
function gradedSource(rel: string, slugs: Set<string>): boolean {
  const parts = rel.split(sep);
  return (
    parts[0] === 'katas' && slugs.has(parts[1] ?? '') && parts[2] === 'src' && parts.length > 3
  );
}

export function prepareSubmission(
  pristine: string,
  submission: string,
  slugs: string[],
): PreparedTree {
  const graded = new Set(slugs);
  const root = mkdtempSync(join(tmpdir(), 'hbu-grade-'));
  const cleanup = (): void => rmSync(root, { recursive: true, force: true });
  try {
    // The pristine tree: katas (specs, fixtures, stubs), manifests and package files.
    cpSync(join(pristine, 'katas'), join(root, 'katas'), {
      recursive: true,
      filter: (src) => !src.split(sep).includes('node_modules'),
    });
    for (const file of ['package.json', 'katas.json', 'tsconfig.json', 'package-lock.json']) {
      if (existsSync(join(pristine, file))) copyFileSync(join(pristine, file), join(root, file));
    }
    // Dependencies and shared packages are the grader's own, linked rather than copied.
    for (const dir of ['node_modules', 'packages']) {
      const found = nearest(pristine, dir);
      if (found !== undefined) symlinkSync(found, join(root, dir), 'dir');
    }

    const { files, links } = walk(submission);
    const fromSubmission: string[] = [];
    for (const slug of slugs) {
      const src = join(submission, 'katas', slug, 'src');
      if (!existsSync(src) || !lstatSync(src).isDirectory()) continue;
      fromSubmission.push(slug);
      const target = join(root, 'katas', slug, 'src');
      rmSync(target, { recursive: true, force: true });
      mkdirSync(target, { recursive: true });
      for (const rel of files.filter((f) => f.startsWith(`katas${sep}${slug}${sep}src${sep}`))) {
        const to = join(root, rel);
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(join(submission, rel), to);
      }
    }

    const ignored: string[] = [];
    for (const rel of files) {
      if (gradedSource(rel, graded)) continue;
      const before = join(pristine, rel);
      if (!existsSync(before) || hashFile(before) !== hashFile(join(submission, rel))) {
        ignored.push(rel.split(sep).join('/'));
      }
    }
    // Symbolic links are never followed or copied.
    for (const rel of links) ignored.push(`${rel.split(sep).join('/')} (symbolic link)`);
    ignored.sort();
    return { root, ignored, fromSubmission, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
