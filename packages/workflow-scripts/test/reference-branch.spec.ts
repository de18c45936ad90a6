/**
 * npm run reference:branch: builds the reference tree in a temporary clone (here from the working
 * tree, so katas not yet committed count too) and runs every available kata's specs there in
 * participant mode. Nothing is pushed and the source repository is not touched.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  availableKatas,
  BRANCH,
  buildReferenceTree,
  type ReferenceTree,
  verifyReferenceTree,
} from '../src/reference-branch.ts';

const root = resolve(import.meta.dirname, '../../..');
const git = (cwd: string, args: string[]): string =>
  spawnSync('git', args, { cwd, encoding: 'utf8' }).stdout.trim();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('npm run reference:branch', () => {
  let tree: ReferenceTree;
  const branchesBefore = git(root, ['branch', '--list', BRANCH]);

  beforeAll(() => {
    tree = buildReferenceTree({ root, worktree: true });
  }, 120_000);
  afterAll(() => {
    if (tree) rmSync(dirname(tree.dir), { recursive: true, force: true });
  });

  it('commits, on branch "reference" of a temporary clone, every available kata with its reference in src/', () => {
    expect(tree.katas).toEqual(availableKatas(root));
    expect(tree.katas.length).toBeGreaterThan(0);
    expect(git(tree.dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).toBe(BRANCH);
    expect(git(tree.dir, ['status', '--porcelain'])).toBe('');
    expect(tree.swapped).toEqual(expect.arrayContaining(tree.katas));
    for (const slug of tree.swapped) {
      const src = join(tree.dir, 'katas', slug, 'src');
      // The branch's own snapshot of reference/, so parallel edits in the checkout cannot race this.
      const ref = join(tree.dir, 'reference', slug, 'src');
      expect(filesUnder(src)).toEqual(filesUnder(ref));
      for (const f of filesUnder(ref)) {
        expect(readFileSync(join(src, f), 'utf8'), `${slug}/src/${f}`).toBe(
          readFileSync(join(ref, f), 'utf8'),
        );
      }
    }
  });

  it('leaves the source repository alone (no branch created, nothing pushed)', () => {
    expect(git(root, ['branch', '--list', BRANCH])).toBe(branchesBefore);
    expect(tree.dir.startsWith(root)).toBe(false);
  });

  it('every available kata passes its specs there in participant mode', () => {
    const v = verifyReferenceTree(tree, { root });
    expect(v.output).not.toMatch(/no projects matched/i);
    expect(v.ok, v.output.slice(-4000)).toBe(true);
  }, 600_000);

  it('and the check is not vacuous: with a broken src/ in one kata, the same run fails', () => {
    const slug = tree.katas[0]!;
    const src = join(tree.dir, 'katas', slug, 'src');
    rmSync(src, { recursive: true, force: true });
    mkdirSync(src);
    writeFileSync(join(src, 'index.ts'), "throw new Error('broken on purpose');\n");
    const v = verifyReferenceTree({ ...tree, katas: [slug] }, { root });
    expect(v.ok).toBe(false);
  }, 600_000);
});
