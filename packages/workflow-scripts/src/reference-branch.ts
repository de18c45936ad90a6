/**
 * npm run reference:branch -- [--worktree] [--no-verify] [--push] [--keep]
 *
 * Builds, in a temporary clone, the tree of the `reference` branch: every available kata's
 * `katas/<slug>/src/` replaced by `reference/<slug>/src/`, committed on top of the current HEAD.
 * Then (unless --no-verify) runs every available kata's specs there in participant mode — the
 * way a participant runs them after `git checkout reference` — and fails if any does not pass.
 *
 * --worktree  start from the working tree (tracked and untracked, not ignored) instead of HEAD
 * --push      publish: force-push the commit to `reference` on origin (reference-branch.yml)
 * --keep      keep the temporary clone and print where it is
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMain } from './main.ts';

export const BRANCH = 'reference';
const repoRoot = resolve(import.meta.dirname, '../../..');

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

/** Slugs of the katas marked "available" in katas.json, in course order. */
export function availableKatas(root: string): string[] {
  return manifest(root)
    .filter((k) => k.status === 'available')
    .map((k) => k.slug);
}

/** Slugs of every kata in katas.json, available or planned, in course order. */
export function allKatas(root: string): string[] {
  return manifest(root).map((k) => k.slug);
}

function manifest(root: string): Array<{ slug: string; status: string; order: number }> {
  const parsed = JSON.parse(readFileSync(join(root, 'katas.json'), 'utf8')) as {
    katas: Array<{ slug: string; status: string; order: number }>;
  };
  return [...parsed.katas].sort((a, b) => a.order - b.order);
}

export interface ReferenceTree {
  dir: string;
  /** The available katas: the ones whose specs are verified. */
  katas: string[];
  /** Every kata whose src/ now holds its reference (available or planned). */
  swapped: string[];
  commit: string;
  base: string;
}

/** Clones `root` into a temp folder and commits the reference tree there on branch `reference`. */
export function buildReferenceTree(
  options: { root?: string; worktree?: boolean } = {},
): ReferenceTree {
  const root = options.root ?? repoRoot;
  const dir = join(mkdtempSync(join(tmpdir(), 'hbu-reference-')), 'repo');
  git(tmpdir(), ['clone', '--quiet', '--no-hardlinks', root, dir]);
  const base = git(dir, ['rev-parse', 'HEAD']).trim();

  if (options.worktree) {
    // The working tree as it is: tracked files with their edits, new files, and deletions.
    const list = (args: string[]): string[] =>
      git(root, ['ls-files', '-z', ...args])
        .split('\0')
        .filter(Boolean);
    const deleted = new Set(list(['--deleted']));
    for (const file of deleted) rmSync(join(dir, file), { force: true });
    for (const file of list(['--cached', '--others', '--exclude-standard'])) {
      if (deleted.has(file)) continue;
      const from = join(root, file);
      if (!existsSync(from) || !lstatSync(from).isFile()) continue;
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      cpSync(from, join(dir, file));
    }
  }

  const katas = availableKatas(dir);
  for (const slug of katas) {
    if (!existsSync(join(dir, 'reference', slug, 'src'))) {
      throw new Error(`kata ${slug} is available but reference/${slug}/src is missing`);
    }
  }
  // Every kata that has a reference gets it, not only the available ones: a reference may build
  // on another kata's src/ (static-server on http-message) that is still planned.
  const swapped = allKatas(dir).filter(
    (slug) =>
      existsSync(join(dir, 'reference', slug, 'src')) && existsSync(join(dir, 'katas', slug)),
  );
  for (const slug of swapped) {
    const target = join(dir, 'katas', slug, 'src');
    rmSync(target, { recursive: true, force: true });
    cpSync(join(dir, 'reference', slug, 'src'), target, { recursive: true });
  }

  git(dir, ['checkout', '--quiet', '-B', BRANCH]);
  git(dir, ['add', '--all']);
  const identity = {
    GIT_AUTHOR_NAME: 'hbu reference branch',
    GIT_AUTHOR_EMAIL: 'reference-branch@users.noreply.github.com',
    GIT_COMMITTER_NAME: 'hbu reference branch',
    GIT_COMMITTER_EMAIL: 'reference-branch@users.noreply.github.com',
  };
  git(
    dir,
    [
      'commit',
      '--quiet',
      '--allow-empty',
      '--no-verify',
      '-m',
      `Reference solutions in katas/*/src (${swapped.join(', ')})\n\nBuilt by npm run reference:branch from ${base}${options.worktree ? ' and the working tree' : ''}.`,
    ],
    identity,
  );
  return { dir, katas, swapped, commit: git(dir, ['rev-parse', 'HEAD']).trim(), base };
}

export interface Verification {
  ok: boolean;
  output: string;
}

/**
 * Runs the kata specs in the built tree, in participant mode (KATA_IMPL=participant: the specs
 * import katas/<slug>/src, which now holds the reference). Dependencies come from the source
 * checkout's node_modules through a symlink; nothing is installed.
 */
export function verifyReferenceTree(
  tree: ReferenceTree,
  options: { root?: string } = {},
): Verification {
  const root = options.root ?? repoRoot;
  if (tree.katas.length === 0) return { ok: true, output: 'no available katas' };
  const modules = join(tree.dir, 'node_modules');
  if (!existsSync(modules)) symlinkSync(join(root, 'node_modules'), modules, 'dir');
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A nested run must not inherit the outer vitest's worker state or its implementation choice.
    if (!k.startsWith('VITEST') && k !== 'KATA_IMPL' && k !== 'NODE_OPTIONS') env[k] = v;
  }
  env.KATA_IMPL = 'participant';
  const args = [
    'run',
    '--reporter=dot',
    ...tree.katas.flatMap((slug) => ['--project', `kata:${slug}`]),
  ];
  const r = spawnSync(join(tree.dir, 'node_modules/.bin/vitest'), args, {
    cwd: tree.dir,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Force-pushes the built branch to the source checkout's `origin` (in CI: the GitHub repo). */
export function pushReferenceTree(tree: ReferenceTree, root = repoRoot): void {
  // Into the checkout first (it holds the credentials actions/checkout persisted), then to origin.
  git(tree.dir, ['push', '--quiet', '--force', root, `${BRANCH}:${BRANCH}`]);
  git(root, ['push', '--quiet', '--force', 'origin', `${BRANCH}:${BRANCH}`]);
}

export function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      worktree: { type: 'boolean', default: false },
      'no-verify': { type: 'boolean', default: false },
      push: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const tree = buildReferenceTree({ worktree: values.worktree });
  try {
    console.log(
      `reference: ${tree.katas.length} katas (${tree.katas.join(', ')}) → ${tree.commit.slice(0, 12)} on ${BRANCH}`,
    );
    if (!values['no-verify']) {
      const v = verifyReferenceTree(tree);
      process.stdout.write(v.output);
      if (!v.ok) {
        console.error(
          'reference: the kata specs do not all pass on the reference tree; not publishing',
        );
        return 1;
      }
      console.log('reference: every available kata passes in participant mode');
    }
    if (values.push) {
      pushReferenceTree(tree);
      console.log(`reference: pushed ${tree.commit.slice(0, 12)} to origin/${BRANCH}`);
    }
    return 0;
  } finally {
    if (values.keep) console.log(`reference: kept ${tree.dir}`);
    else rmSync(dirname(tree.dir), { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) process.exitCode = main(process.argv.slice(2));
