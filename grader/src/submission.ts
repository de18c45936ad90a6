/**
 * `--submission DIR`: every `katas/<slug>/src/` of DIR (whatever katas are graded: a kata that
 * imports `../../http-message/src` is graded with the participant's own http-message) over the
 * grader's pristine tree. Specs, fixtures, configs, package files and the lockfile come from the
 * grader's own tree; anything else DIR changed is listed as an ignored change.
 *
 * DIR is hostile data: odd layouts (a file where the tree has a folder, a file too large to hash,
 * a path near PATH_MAX, a name that is not UTF-8, a FIFO, a symbolic link) become ignored
 * changes, never a crash. Nothing in DIR is executed, and git never runs in it.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  type Stats,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';

export interface PreparedTree {
  /** Root of the tree to run: the pristine copy with the submission's src folders (copy mode). */
  root: string;
  /** slug → host folder holding the submission's src/ (a private copy). */
  sources: Map<string, string>;
  /** Files of DIR outside the graded `src/` folders that differ from the pristine tree. */
  ignored: string[];
  cleanup: () => void;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.self-check', '.stryker-tmp']);
const WALK_LIMIT = 20_000;
/** A path longer than this (bytes) is not followed: it is listed, never opened. */
const PATH_LIMIT = 1024;
/** Files larger than this are never read: not hashed, not graded. */
const FILE_LIMIT = 8 * 1024 * 1024;

interface Entry {
  rel: string;
  stat: Stats;
}

/** A name as text: non-UTF-8 bytes become `\xNN`, so it can be listed but never matches a real path. */
function nameOf(raw: Buffer): { name: string; clean: boolean } {
  const name = raw.toString('utf8');
  if (Buffer.from(name, 'utf8').equals(raw) && !name.includes('\uFFFD'))
    return { name, clean: true };
  return {
    name: [...raw]
      .map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16)}`))
      .join(''),
    clean: false,
  };
}

function walk(root: string, ignored: string[]): Entry[] {
  const out: Entry[] = [];
  const visit = (rel: string): void => {
    let names: Buffer[];
    try {
      names = readdirSync(join(root, rel), { encoding: 'buffer' });
    } catch {
      ignored.push(`${rel || '.'} (unreadable folder)`);
      return;
    }
    for (const raw of names) {
      if (out.length >= WALK_LIMIT) {
        ignored.push(`… more than ${WALK_LIMIT} files: the rest is not read`);
        return;
      }
      const { name, clean } = nameOf(raw);
      const path = rel === '' ? name : `${rel}/${name}`;
      if (!clean) {
        ignored.push(`${path} (name is not UTF-8)`);
        continue;
      }
      if (Buffer.byteLength(join(root, path)) > PATH_LIMIT) {
        ignored.push(`${path.slice(0, 120)}… (path too long)`);
        continue;
      }
      const stat = lstatSync(join(root, path), { throwIfNoEntry: false });
      if (stat === undefined) continue;
      if (stat.isSymbolicLink()) ignored.push(`${path} (symbolic link)`);
      else if (stat.isDirectory()) {
        if (!SKIP_DIRS.has(name)) visit(path);
      } else if (stat.isFile()) out.push({ rel: path, stat });
      else ignored.push(`${path} (not a regular file)`);
    }
  };
  visit('');
  return out;
}

/** sha-256 of a file read in chunks (never more than FILE_LIMIT bytes are asked for). */
function hashFile(file: string): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Is `rel` (in DIR) the same regular file as in the pristine tree? */
function unchanged(pristine: string, submission: string, entry: Entry): boolean {
  const before = lstatSync(join(pristine, entry.rel), { throwIfNoEntry: false });
  if (before === undefined || !before.isFile() || before.size !== entry.stat.size) return false;
  if (entry.stat.size > FILE_LIMIT) return false;
  try {
    return hashFile(join(pristine, entry.rel)) === hashFile(join(submission, entry.rel));
  } catch {
    return false;
  }
}

/** `katas/<slug>/src/…` of a kata of the course? */
function sourceOf(rel: string, slugs: Set<string>): string | undefined {
  const parts = rel.split('/');
  return parts[0] === 'katas' && slugs.has(parts[1] ?? '') && parts[2] === 'src' && parts.length > 3
    ? parts[1]
    : undefined;
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

/**
 * Copies every kata's submitted src/ into a private folder. With `copyTree` (no sandbox) also
 * builds a pristine copy of the katas with those src/ folders in place; in the sandbox they are
 * bound over the pristine tree instead, and `root` is the pristine tree itself.
 */
export function prepareSubmission(
  pristine: string,
  submission: string,
  slugs: string[],
  { copyTree }: { copyTree: boolean },
): PreparedTree {
  const known = new Set(slugs);
  const base = mkdtempSync(join(tmpdir(), 'hbu-grade-'));
  const cleanup = (): void => rmSync(base, { recursive: true, force: true });
  try {
    const ignored: string[] = [];
    const entries = walk(submission, ignored);
    const sources = new Map<string, string>();
    const noted = new Set<string>();
    for (const slug of slugs) {
      const src = lstatSync(join(submission, 'katas', slug, 'src'), { throwIfNoEntry: false });
      if (src === undefined) continue;
      if (!src.isDirectory() || src.isSymbolicLink()) {
        ignored.push(`katas/${slug}/src (not a folder: graded as the stub)`);
        noted.add(`katas/${slug}/src`);
        continue;
      }
      const copy = join(base, 'src', slug);
      mkdirSync(copy, { recursive: true });
      sources.set(slug, copy);
    }
    for (const entry of entries) {
      const slug = sourceOf(entry.rel, known);
      const copy = slug === undefined ? undefined : sources.get(slug);
      if (copy !== undefined) {
        if (entry.stat.size > FILE_LIMIT) {
          ignored.push(`${entry.rel} (larger than ${FILE_LIMIT / 1024 / 1024} MiB: not graded)`);
          continue;
        }
        const to = join(copy, ...entry.rel.split('/').slice(3));
        try {
          mkdirSync(dirname(to), { recursive: true });
          copyFileSync(join(submission, entry.rel), to);
        } catch (error) {
          ignored.push(
            `${entry.rel} (could not be copied: ${(error as NodeJS.ErrnoException).code})`,
          );
        }
        continue;
      }
      if (!noted.has(entry.rel) && !unchanged(pristine, submission, entry)) ignored.push(entry.rel);
    }
    let root = pristine;
    if (copyTree) {
      root = join(base, 'tree');
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
      for (const [slug, copy] of sources) {
        const target = join(root, 'katas', slug, 'src');
        rmSync(target, { recursive: true, force: true });
        cpSync(copy, target, { recursive: true });
      }
    }
    ignored.sort();
    return { root, sources, ignored, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
