/** A throwaway course (katas.json, one kata, a git repository) under os.tmpdir() for the CLI's specs. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Fixture {
  root: string;
  write: (path: string, text: string) => void;
  git: (...args: string[]) => string;
  remove: () => void;
}

export function makeCourse(): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'kata-cli-'));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  write(
    'katas.json',
    JSON.stringify({
      katas: [
        { slug: 'alpha', title: 'Alpha', order: 1, status: 'available', prerequisites: [] },
        { slug: 'later', title: 'Later', order: 2, status: 'planned', prerequisites: ['alpha'] },
        { slug: 'beta', title: 'Beta', order: 3, status: 'available', prerequisites: ['alpha'] },
      ],
    }),
  );
  for (const slug of ['alpha', 'beta']) {
    write(
      `katas/${slug}/kata.json`,
      JSON.stringify({
        slug,
        title: slug,
        timeBudgetSeconds: 60,
        stages: [
          { id: 1, title: 'Parse', weight: 60 },
          { id: 2, title: 'Print', weight: 40 },
        ],
      }),
    );
    write(`katas/${slug}/README.md`, `# ${slug}\n\n## 1. Parse\n\n## 2. Print\n`);
    write(
      `katas/${slug}/HINTS.md`,
      '# Hints\n\n## 1. Parse\n\n- First hint,\n  on two lines.\n- Second hint.\n\nA closing paragraph.\n\n## 2. Print\n\n- Only hint.\n',
    );
    write(`katas/${slug}/src/index.ts`, 'export const stub = true;\n');
  }
  git('init', '-q');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'course');
  return { root, write, git, remove: () => rmSync(root, { recursive: true, force: true }) };
}
