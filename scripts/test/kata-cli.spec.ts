import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateProgress } from '../../packages/kata-kit/src/progress-file.ts';
import { hintLines, stageHints } from '../kata/hint.ts';
import { listLines } from '../kata/list.ts';
import { nextLines } from '../kata/next.ts';
import { buildProgram, type Io } from '../kata/program.ts';
import { resetKata } from '../kata/reset.ts';
import { vitestCommand } from '../kata/run-kata.ts';
import { type Fixture, makeCourse } from './course-fixture.ts';

const plain = (lines: string[]): string => lines.join('\n').replace(/\x1b\[[0-9;]*m/g, '');

let course: Fixture;
beforeEach(() => {
  course = makeCourse();
  process.env.KATA_PROGRESS_FILE = join(course.root, '.kata-progress.json');
});
afterEach(() => {
  delete process.env.KATA_PROGRESS_FILE;
  course.remove();
});

function record(slug: string, stage: number, passed: number, total: number): void {
  updateProgress((p) => {
    p.katas[slug] ??= { stages: {} };
    p.katas[slug].stages[String(stage)] = { passed, total };
  });
}

function io(answer = false): Io & {
  printed: string[];
  ran: Array<{ slug: string; command: string[]; env: NodeJS.ProcessEnv }>;
} {
  const printed: string[] = [];
  const ran: Array<{ slug: string; command: string[]; env: NodeJS.ProcessEnv }> = [];
  return {
    printed,
    ran,
    print: (l) => printed.push(l),
    confirm: async () => answer,
    run: async (slug, command, env) => {
      ran.push({ slug, command, env });
      return 0;
    },
  };
}

describe('list', () => {
  it('shows the course in order with prerequisites, status and progress from the last runs', () => {
    record('alpha', 1, 3, 3);
    record('alpha', 2, 1, 4);
    const text = plain(listLines(course.root));
    const rows = text.split('\n');
    expect(rows[0]).toMatch(/^ 1\. alpha .*1\/2 stages .*Alpha$/);
    expect(rows[1]).toMatch(/^ 2\. later .*\(planned\).*Later needs alpha$/);
    expect(rows[2]).toMatch(/^ 3\. beta .*not started .*Beta needs alpha$/);
  });
});

describe('next', () => {
  it('names the first unfinished stage, its README section and the command to run', () => {
    record('alpha', 1, 3, 3);
    const text = plain(nextLines(course.root, course.root));
    expect(text).toContain('alpha — stage 2. Print (not run yet)');
    expect(text).toContain('katas/alpha/README.md, section "## 2. Print"');
    expect(text).toContain('npm run kata -- watch alpha --stage 2');
  });

  it('moves to the next kata when one is done, and congratulates at the end', () => {
    record('alpha', 1, 3, 3);
    record('alpha', 2, 2, 2);
    expect(plain(nextLines(course.root, course.root))).toContain('beta — stage 1. Parse');
    record('beta', 1, 1, 1);
    record('beta', 2, 1, 1);
    expect(plain(nextLines(course.root, course.root))).toMatch(/Every stage .* passed/);
  });
});

describe('hint', () => {
  it('splits a HINTS.md section into its list items and paragraphs', () => {
    const md = readFileSync(join(course.root, 'katas/alpha/HINTS.md'), 'utf8');
    expect(stageHints(md, 1)).toEqual([
      '- First hint,\n  on two lines.',
      '- Second hint.',
      'A closing paragraph.',
    ]);
    expect(stageHints(md, 2)).toEqual(['- Only hint.']);
    expect(stageHints(md, 3)).toEqual([]);
  });

  it('shows one hint at a time, remembers, and starts again with --again', () => {
    const first = plain(hintLines(course.root, 'alpha', '1'));
    expect(first).toContain('hint 1 of 3');
    expect(first).toContain('First hint');
    expect(first).not.toContain('Second hint');
    expect(plain(hintLines(course.root, 'alpha', '1'))).toContain('- Second hint.');
    expect(plain(hintLines(course.root, 'alpha', '1'))).toContain('A closing paragraph.');
    expect(plain(hintLines(course.root, 'alpha', '1'))).toContain('All 3 hints');
    expect(plain(hintLines(course.root, 'alpha', '1', { again: true }))).toContain('hint 1 of 3');
  });

  it('defaults to the first unfinished stage and refuses an unknown kata or stage', () => {
    record('alpha', 1, 2, 2);
    expect(plain(hintLines(course.root, 'alpha', undefined))).toContain('stage 2. Print');
    expect(() => hintLines(course.root, 'nope', '1')).toThrow(/unknown kata "nope"/);
    expect(() => hintLines(course.root, 'later', '1')).toThrow(/planned/);
    expect(() => hintLines(course.root, 'alpha', '9')).toThrow(/no stage 9/);
  });
});

describe('reset', () => {
  it('backs up src/ with a timestamp, then restores the stub (untracked files too)', () => {
    course.write('katas/alpha/src/index.ts', 'export const mine = 1;\n');
    course.write('katas/alpha/src/extra.ts', 'export {};\n');
    const backup = resetKata(course.root, 'alpha', { now: new Date('2026-12-02T13:05:09.123Z') });
    expect(backup).toBe(join('.kata-backups', 'alpha-2026-12-02T13-05-09Z'));
    expect(readFileSync(join(course.root, backup, 'src/index.ts'), 'utf8')).toBe(
      'export const mine = 1;\n',
    );
    expect(existsSync(join(course.root, backup, 'src/extra.ts'))).toBe(true);
    expect(readFileSync(join(course.root, 'katas/alpha/src/index.ts'), 'utf8')).toBe(
      'export const stub = true;\n',
    );
    expect(existsSync(join(course.root, 'katas/alpha/src/extra.ts'))).toBe(false);
    expect(course.git('status', '--porcelain', 'katas')).toBe('');
  });

  it('asks first and changes nothing without a yes; --yes skips the question', async () => {
    course.write('katas/alpha/src/index.ts', 'export const mine = 1;\n');
    const no = io(false);
    await buildProgram(course.root, no).parseAsync(['reset', 'alpha'], { from: 'user' });
    expect(no.printed).toEqual(['nothing changed']);
    expect(readFileSync(join(course.root, 'katas/alpha/src/index.ts'), 'utf8')).toContain('mine');
    const yes = io(false);
    await buildProgram(course.root, yes).parseAsync(['reset', 'alpha', '--yes'], { from: 'user' });
    expect(yes.printed[0]).toMatch(/stub again; your files are in \.kata-backups\/alpha-/);
    expect(readFileSync(join(course.root, 'katas/alpha/src/index.ts'), 'utf8')).toContain('stub');
  });
});

describe('test, watch and ui', () => {
  it("run kata-kit's vitest in the kata, one stage's spec files with --stage", () => {
    const [node, bin, ...args] = vitestCommand(course.root, 'alpha', 'test', { stage: '2' });
    expect(node).toBe(process.execPath);
    expect(bin).toBe(join(course.root, 'packages/kata-kit/bin/vitest.mjs'));
    expect(args).toEqual(['run', 'test/2-']);
    expect(vitestCommand(course.root, 'alpha', 'watch', { verbose: true }).slice(2)).toEqual([
      '--verbose',
    ]);
    expect(vitestCommand(course.root, 'alpha', 'ui').slice(2)).toEqual(['--ui']);
    expect(() => vitestCommand(course.root, 'alpha', 'test', { stage: '7' })).toThrow(/no stage 7/);
  });

  it('offer --reference only where reference/ exists (the participant template has none)', async () => {
    const help = (p: ReturnType<typeof buildProgram>): string =>
      p.commands.find((c) => c.name() === 'test')!.helpInformation();
    expect(help(buildProgram(course.root, io()))).not.toContain('--reference');
    course.write('reference/alpha/src/index.ts', 'export const stub = false;\n');
    const withRef = io();
    const program = buildProgram(course.root, withRef);
    expect(help(program)).toContain('--reference');
    await program.parseAsync(['test', 'alpha', '--stage', '1', '--reference'], { from: 'user' });
    expect(withRef.ran[0]?.env).toEqual({ KATA_IMPL: 'reference' });
    expect(withRef.ran[0]?.command.slice(2)).toEqual(['run', 'test/1-']);
  });

  it('every command has its own --help', () => {
    const program = buildProgram(course.root, io());
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual(['list', 'next', 'hint', 'reset', 'test', 'watch', 'ui', 'bench']);
    for (const c of program.commands) {
      expect(c.helpInformation()).toContain(`Usage: npm run kata -- ${c.name()} `);
      expect(c.helpInformation()).toContain(c.description().split(' ')[0]!);
    }
  });
});
