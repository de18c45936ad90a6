/**
 * Builds, in a temporary folder, a course for the hostile-submission suite: one copy of the
 * fixture kata `fx` per hostile case (`fx-<case>`, same specs), plus `fx-two`, and a submission
 * folder holding each case's files under its own kata. One grade() run then covers every case,
 * and every case is graded beside all the others.
 */
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

export const fixtures = resolve(import.meta.dirname, 'fixtures');
export const repoRoot = resolve(import.meta.dirname, '../..');

export interface Course {
  root: string;
  submission: string;
  /** The commit the submission's `.git` names (read from files: git never runs there). */
  commit: string;
  /** A file the submission's `.git/config` would create if git ran there with it (fsmonitor). */
  fsmonitorMarker: string;
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
  // The reference of the fixture kata, for the case that tries to import it (absent in the sandbox).
  for (const c of cases) {
    const ref = join(root, 'reference', slugOf(c), 'src');
    mkdirSync(ref, { recursive: true });
    writeFileSync(
      join(ref, 'index.ts'),
      [
        'export const add = (a: number, b: number): number => a + b;',
        "export const shout = async (t: string): Promise<string> => t.toUpperCase() + '!';",
        '',
      ].join('\n'),
    );
  }
  cpSync(join(fixtures, 'repo/katas/fx-two'), join(root, 'katas/fx-two'), { recursive: true });
  const two = join(root, 'katas/fx-two/kata.json');
  const twoJson = JSON.parse(readFileSync(two, 'utf8')) as Record<string, unknown>;
  const twoBudget = budgetFor('');
  writeFileSync(two, JSON.stringify({ ...twoJson, timeBudgetSeconds: twoBudget }, null, 2));
  cpSync(join(fixtures, 'honest/katas/fx-two'), join(submission, 'katas/fx-two'), {
    recursive: true,
  });
  const { commit, fsmonitorMarker } = hostileLayout(base, submission);
  return {
    root,
    submission,
    commit,
    fsmonitorMarker,
    slugOf,
    budgetOf: (slug) => (slug === 'fx-two' ? twoBudget : budgetFor(slug.replace(/^fx-/, ''))),
    cleanup: () => {
      if (existsSync(base)) rmSync(base, { recursive: true, force: true });
    },
  };
}

/**
 * What the submission folder carries besides src/ (issue #11, attacks 6, 10 and 11): a `.git`
 * whose config runs a command under `git status` (fsmonitor), a file name with a workflow command
 * after a newline, a file where the tree has a folder, a sparse file over 2 GiB, a path near
 * PATH_MAX and a name that is not UTF-8.
 */
function hostileLayout(
  base: string,
  submission: string,
): { commit: string; fsmonitorMarker: string } {
  const commit = 'c0ffee'.padEnd(40, '0');
  const fsmonitorMarker = join(base, 'fsmonitor-ran');
  const git = join(submission, '.git');
  mkdirSync(join(git, 'refs/heads'), { recursive: true });
  writeFileSync(join(git, 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(git, 'refs/heads/main'), `${commit}\n`);
  const hook = join(base, 'fsmonitor.sh');
  writeFileSync(hook, `#!/bin/sh\ntouch ${fsmonitorMarker}\n`);
  chmodSync(hook, 0o755);
  writeFileSync(join(git, 'config'), `[core]\n\tfsmonitor = ${hook}\n\thooksPath = ${base}\n`);
  writeFileSync(join(submission, 'notes\n::error title=forged::all tests passed'), 'x');
  writeFileSync(join(submission, 'katas/fx-two/test'), 'a file where the tree has a folder');
  writeFileSync(join(submission, 'big.bin'), '');
  truncateSync(join(submission, 'big.bin'), 2 ** 31 + 4096);
  let deep = join(submission, 'deep');
  while (Buffer.byteLength(deep) < 3900) deep = join(deep, 'd'.repeat(200));
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'f.ts'), 'export {};\n');
  writeFileSync(
    Buffer.concat([
      Buffer.from(`${submission}/name-`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('.ts'),
    ]),
    'x',
  );
  return { commit, fsmonitorMarker };
}
