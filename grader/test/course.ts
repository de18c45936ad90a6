/**
 * Builds, in a temporary folder, a course for the hostile-submission suite: one copy of the
 * fixture kata `fx` per hostile case (`fx-<case>`, same specs), plus `fx-two`, and a submission
 * folder holding each case's files under its own kata. One grade() run then covers every case,
 * and every case is graded beside all the others.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

export const fixtures = resolve(import.meta.dirname, 'fixtures');
export const repoRoot = resolve(import.meta.dirname, '../..');

export interface Course {
  root: string;
  submission: string;
  slugOf: (hostileCase: string) => string;
  budgetOf: (slug: string) => number;
  cleanup: () => void;
}

export function hostileCases(): string[] {
  return readdirSync(join(fixtures, 'hostile')).sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)));
}

export function buildCourse(cases: string[], budgetFor: (hostileCase: string) => number): Course {
  const base = mkdtempSync(join(tmpdir(), 'hbu-course-'));
  const root = join(base, 'repo');
  const submission = join(base, 'submission');
  mkdirSync(join(root, 'katas'), { recursive: true });
  mkdirSync(submission, { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  const slugOf = (c: string): string => `fx-${c}`;
  const fx = join(fixtures, 'repo/katas/fx');
  const entries = cases.map((c, i) => ({
    slug: slugOf(c),
    title: `Fixture kata attacked by ${c}`,
    order: i + 1,
    status: 'available',
    prerequisites: [],
  }));
  entries.push({
    slug: 'fx-two',
    title: 'Second fixture kata',
    order: cases.length + 1,
    status: 'available',
    prerequisites: [],
  });
  writeFileSync(join(root, 'katas.json'), JSON.stringify({ katas: entries }, null, 2));
  writeFileSync(
    join(root, 'package.json'),
    '{ "name": "course", "private": true, "type": "module" }\n',
  );
  for (const c of cases) {
    const dir = join(root, 'katas', slugOf(c));
    cpSync(fx, dir, { recursive: true });
    const kata = JSON.parse(readFileSync(join(dir, 'kata.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      join(dir, 'kata.json'),
      JSON.stringify({ ...kata, slug: slugOf(c), timeBudgetSeconds: budgetFor(c) }, null, 2),
    );
    // The case's files, with katas/fx/… moved to its own kata.
    const from = join(fixtures, 'hostile', c);
    for (const rel of filesUnder(from)) {
      const parts = rel.split(sep);
      const target =
        parts[0] === 'katas' && parts[1] === 'fx'
          ? join(submission, 'katas', slugOf(c), ...parts.slice(2))
          : join(submission, rel);
      mkdirSync(resolve(target, '..'), { recursive: true });
      cpSync(join(from, rel), target);
    }
  }
  cpSync(join(fixtures, 'repo/katas/fx-two'), join(root, 'katas/fx-two'), { recursive: true });
  const two = join(root, 'katas/fx-two/kata.json');
  const twoJson = JSON.parse(readFileSync(two, 'utf8')) as Record<string, unknown>;
  const twoBudget = budgetFor('');
  writeFileSync(two, JSON.stringify({ ...twoJson, timeBudgetSeconds: twoBudget }, null, 2));
  cpSync(join(fixtures, 'honest/katas/fx-two'), join(submission, 'katas/fx-two'), {
    recursive: true,
  });
  return {
    root,
    submission,
    slugOf,
    budgetOf: (slug) => (slug === 'fx-two' ? twoBudget : budgetFor(slug.replace(/^fx-/, ''))),
    cleanup: () => {
      if (existsSync(base)) rmSync(base, { recursive: true, force: true });
    },
  };
}
