/**
 * The hostile-submission suite: every case in fixtures/hostile/ is a participant's src/ for the
 * fixture kata (stage 1 "Add numbers", 60 points, 4 tests; stage 2 "Shout", 40 points, 2 tests)
 * that attacks the grader. All cases are graded in ONE run, each as its own kata beside the
 * others and beside an honest `fx-two`, so "the other katas are still graded" holds for each.
 *
 * For each case: the grader finishes within the kata's budget (CPU time, so its wall-clock
 * backstop on Linux) plus a few seconds, the score is
 * exactly what the honest tests earned, and nothing is scored as passed that did not pass.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseResults, readCourse } from '@hbu/results';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import schema from '../schema/results.schema.json' with { type: 'json' };
import { colorsFor, renderBoard } from '../src/board.ts';
import { grade } from '../src/grade.ts';
import { renderMarkdown } from '../src/markdown.ts';
import type { KataResult, Results, TestResult } from '../src/results.ts';
import { sandboxAvailable } from '../src/sandbox.ts';
import { treeCpuMs, WALL_BACKSTOP } from '../src/spawn.ts';
import { buildCourse, type Course, hostileCases } from './course.ts';

/**
 * Where bubblewrap works (Linux CI, `.ci/run` installs it) every case runs in the sandbox. The
 * cases below attack what only the sandbox defends (processes, /proc, the tree's files, the
 * reference on disk): without it they are left out, and the README says so.
 */
const SANDBOXED = sandboxAvailable();
const SANDBOX_ONLY = new Set([
  'detached-rewriter',
  'read-environ',
  'reference-import',
  'write-specs',
  'forbidden-path',
]);

/**
 * Budgets: the cases that can only end by being killed get a short one (they cost a full budget of
 * CPU); the others a generous one, so a loaded machine cannot turn an honest test into a timeout.
 */
const KILLED = new Set(['sync-loop']);
const budgetFor = (c: string): number => (KILLED.has(c) ? 20 : 40);
const SLACK_MS = 5_000;
/** Budgets are CPU time where /proc tells it (Linux), with a wall-clock backstop. */
const cpuBudget = treeCpuMs(process.pid) !== undefined;
const STAGE_1 = [
  '1. Add numbers › adds two small numbers',
  '1. Add numbers › adds a negative number',
  '1. Add numbers › adds zero',
  '1. Add numbers › agrees with + for any two integers (property)',
];
const STAGE_2 = [
  '2. Shout › upper-cases a word and adds an exclamation mark',
  '2. Shout › keeps an empty text empty but for the mark',
];

interface Expectation {
  status: KataResult['status'];
  score: number;
  /** The tests that earn points: exactly the ones the honest part of the case passes. */
  scored: string[];
  /** Statuses the stage-2 tests must have (the attacked stage). */
  stage2?: TestResult['status'][];
  more?: (kata: KataResult, tests: TestResult[], results: Results) => void;
}

const EXPECTATIONS: Record<string, Expectation> = {
  'sync-loop': { status: 'graded', score: 60, scored: STAGE_1, stage2: ['timeout'] },
  'never-resolves': { status: 'graded', score: 60, scored: STAGE_1, stage2: ['fail'] },
  'exit-zero': { status: 'graded', score: 60, scored: STAGE_1, stage2: ['fail', 'crashed'] },
  'exit-code': { status: 'graded', score: 60, scored: STAGE_1, stage2: ['fail'] },
  sigkill: { status: 'graded', score: 60, scored: STAGE_1, stage2: ['crashed'] },
  abort: { status: 'graded', score: 60, scored: STAGE_1, stage2: ['crashed'] },
  'throw-at-import': {
    status: 'graded',
    score: 0,
    scored: [],
    more: (_k, tests) => expect(new Set(tests.map((t) => t.status))).toEqual(new Set(['crashed'])),
  },
  'syntax-error': {
    status: 'graded',
    score: 0,
    scored: [],
    more: (_k, tests) => expect(new Set(tests.map((t) => t.status))).toEqual(new Set(['crashed'])),
  },
  'out-of-memory': {
    status: 'graded',
    score: 60,
    scored: STAGE_1,
    stage2: ['crashed', 'timeout'],
  },
  'stdout-flood': {
    status: 'graded',
    score: 60,
    scored: STAGE_1,
    stage2: ['fail'],
    more: (_k, tests) => {
      for (const t of tests) expect((t.output ?? '').length).toBeLessThanOrEqual(500);
    },
  },
  'patch-expect': { status: 'tampered', score: 0, scored: [] },
  'patch-globals': { status: 'tampered', score: 0, scored: [] },
  'fc-one-run': { status: 'tampered', score: 0, scored: [] },
  'fc-silent-reporter': { status: 'tampered', score: 0, scored: [] },
  'extra-tests': {
    status: 'graded',
    // "adds two small numbers" is registered a second time by the submission: a duplicate
    // earns nothing, so stage 1 loses that test's 15 points.
    score: 45,
    scored: STAGE_1.slice(1),
    more: (kata, tests) => {
      expect(kata.flagged.some((f) => f.includes('(duplicate)'))).toBe(true);
      expect(kata.flagged.some((f) => f.includes('is a bonus test that always passes'))).toBe(true);
      const bonus = tests.find((t) => t.name.endsWith('is a bonus test that always passes'));
      expect(bonus).toMatchObject({ score: 0, max_score: 0, status: 'fail' });
    },
  },
  'edit-specs': {
    status: 'graded',
    score: 60,
    scored: STAGE_1,
    stage2: ['fail'],
    more: (_k, _t, results) => {
      expect(results.ignored_changes).toEqual(
        expect.arrayContaining([
          'package.json',
          'katas/fx-edit-specs/kata.json',
          'katas/fx-edit-specs/test/shout.spec.ts',
          'katas/fx-edit-specs/vitest.config.ts',
        ]),
      );
      expect(results.ignored_changes.some((f) => f.includes('/src/'))).toBe(false);
    },
  },
  'forged-results': { status: 'graded', score: 60, scored: STAGE_1, stage2: ['fail'] },
  'server-listening': {
    status: 'graded',
    score: 100,
    scored: [...STAGE_1, ...STAGE_2],
    more: (kata) => expect(kata.duration_ms).toBeLessThan(budgetFor('server-listening') * 1000),
  },
  'forbidden-static': {
    status: 'forbidden',
    score: 0,
    scored: [],
    more: (kata) => expect(kata.message).toContain('src/index.ts:2 imports "node:url"'),
  },
  'forbidden-dynamic': {
    status: 'forbidden',
    score: 0,
    scored: [],
    more: (kata) => expect(kata.message).toContain('"fast-uri" at run time'),
  },
  'stage-one': { status: 'graded', score: 60, scored: STAGE_1, stage2: ['fail'] },
  // Issue #11, attack 3: the canaries are named, placed and written from a per-run secret.
  'canary-flip': { status: 'tampered', score: 0, scored: [] },
  'chai-noop': { status: 'tampered', score: 0, scored: [] },
  // Attack 4: FC_RUNS is read once and pinned; setting it is tampering.
  'fc-runs-env': { status: 'tampered', score: 0, scored: [] },
  // Attack 5: the tree is read-only.
  'write-specs': { status: 'graded', score: 60, scored: STAGE_1, stage2: ['fail'] },
  // Attack 1: no process outside the sandbox is visible, and none started inside outlives it
  // (checked below).
  'detached-rewriter': { status: 'graded', score: 60, scored: STAGE_1, stage2: ['fail'] },
  // Attack 9: /proc shows only the sandbox's own processes, with the cleared environment.
  'read-environ': { status: 'graded', score: 60, scored: STAGE_1, stage2: ['fail'] },
  // Attack 8: reference/ is not in the sandbox.
  'reference-import': { status: 'graded', score: 60, scored: STAGE_1, stage2: ['fail'] },
  // Attack 7: every path to a forbidden module or global.
  'forbidden-require': {
    status: 'forbidden',
    score: 0,
    scored: [],
    more: (kata) => expect(kata.message).toContain('the kata forbids "fast-uri"'),
  },
  'forbidden-builtin': {
    status: 'forbidden',
    score: 0,
    scored: [],
    more: (kata) => expect(kata.message).toContain('the kata forbids "node:url"'),
  },
  // Not even there: the package is absent from the sandbox (no spec of the kata needs it).
  'forbidden-path': { status: 'graded', score: 60, scored: STAGE_1, stage2: ['fail'] },
  'forbidden-global': {
    status: 'forbidden',
    score: 0,
    scored: [],
    more: (kata) => expect(kata.message).toContain('the kata forbids the global "URL"'),
  },
  // Attack 10: the name is flagged, never scored, and inert in every log (checked below).
  'workflow-commands': {
    status: 'graded',
    score: 60,
    scored: STAGE_1,
    stage2: ['fail'],
    more: (kata) => expect(kata.flagged.some((f) => f.includes('::error'))).toBe(true),
  },
};

const cases = hostileCases().filter((c) => SANDBOXED || !SANDBOX_ONLY.has(c));
let course: Course;
let results: Results;
let wallMs = 0;

beforeAll(async () => {
  course = buildCourse(cases, budgetFor);
  const started = performance.now();
  results = await grade({
    root: course.root,
    submission: course.submission,
    concurrency: 4,
    memoryMb: 256,
    participant: 'hostile-suite',
  });
  wallMs = performance.now() - started;
});

afterAll(() => {
  // HBU_GRADER_HOSTILE_REPORT=FILE writes the outcome of every case (for notes and reviews).
  const file = process.env.HBU_GRADER_HOSTILE_REPORT;
  if (file !== undefined && results !== undefined) {
    const rows = results.katas.map((k) => {
      const tests = results.tests.filter((t) => t.kata === k.slug);
      const statuses = [...new Set(tests.map((t) => t.status))].join(', ');
      return `| ${k.slug} | ${k.status} | ${k.score} | ${(k.duration_ms / 1000).toFixed(1)} s / ${course.budgetOf(k.slug)} s | ${statuses} |`;
    });
    writeFileSync(
      file,
      `| kata | status | score | duration / budget | test statuses |\n|---|---|---:|---:|---|\n${rows.join('\n')}\n\nwhole run: ${(wallMs / 1000).toFixed(1)} s\n`,
    );
  }
  course?.cleanup();
});

describe('the hostile-submission suite', () => {
  it('has an expectation for every fixture case, and a fixture for every expectation', () => {
    expect(hostileCases().sort()).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  it('grades every kata of the run', () => {
    expect(results.katas.map((k) => k.slug)).toEqual([...cases.map(course.slugOf), 'fx-two']);
    // Katas run side by side: the whole run stays far below "every budget in a row".
    expect(wallMs).toBeLessThan(cases.reduce((sum, c) => sum + budgetFor(c) * 1000, 0) / 2);
  });

  it('still grades the honest kata beside the hostile ones', () => {
    const two = results.katas.find((k) => k.slug === 'fx-two');
    expect(two).toMatchObject({ status: 'graded', score: 100 });
  });

  it('writes results that match the JSON Schema and add up against the course', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(results), ajv.errorsText(validate.errors)).toBe(true);
    const parsed = parseResults(JSON.stringify(results), readCourse(course.root), {
      requireCommit: true,
    });
    expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
    expect(results.sandbox).toBe(SANDBOXED);
  });

  it("never runs git with the submission's configuration, and reads its commit from files (attack 6)", () => {
    expect(existsSync(course.fsmonitorMarker)).toBe(false);
    expect(results.git).toEqual({ commit: course.commit, dirty: false });
  });

  it('lists odd submission layouts as ignored changes instead of crashing (attack 11)', () => {
    const ignored = results.ignored_changes;
    expect(ignored).toContain('katas/fx-two/test');
    expect(ignored).toContain('big.bin');
    expect(ignored.some((f) => f.endsWith('(path too long)'))).toBe(true);
    expect(ignored.some((f) => f.includes('\\xff\\xfe') && f.endsWith('(name is not UTF-8)'))).toBe(
      true,
    );
    expect(ignored.some((f) => f.startsWith('notes\n::error'))).toBe(true);
  });

  it('keeps workflow commands out of every line the board and the Markdown print (attack 10)', () => {
    const board = renderBoard(results, colorsFor({ isTTY: false, write: () => true }, {}));
    for (const text of [board, renderMarkdown(results)]) {
      const commands = text.split('\n').filter((l) => /^\s*(::|##\[)/.test(l));
      expect(commands).toEqual([]);
    }
    expect(board).toContain('error title=forged');
  });

  it.runIf(SANDBOXED)('leaves no process of the submission behind (attack 1)', () => {
    const left = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('hbu-hostile-detached-marker');
        } catch {
          return false;
        }
      });
    expect(left).toEqual([]);
  });

  it.runIf(SANDBOXED)('leaves the spec files of the tree untouched (attack 5)', () => {
    const spec = readFileSync(`${course.root}/katas/fx-write-specs/test/shout.spec.ts`, 'utf8');
    expect(spec).toContain("expect(await shout('hey')).toBe('HEY!')");
  });

  it.each(cases)('%s: finishes in budget, scores exactly the honest tests', (name) => {
    const want = EXPECTATIONS[name]!;
    const slug = course.slugOf(name);
    const kata = results.katas.find((k) => k.slug === slug)!;
    const tests = results.tests.filter((t) => t.kata === slug);
    // The budget is CPU time (spawn.ts): on a loaded machine a loop gets its CPU later, so the
    // wall clock is held to the backstop.
    expect(kata.duration_ms).toBeLessThanOrEqual(
      course.budgetOf(slug) * 1000 * (cpuBudget ? WALL_BACKSTOP : 1) + SLACK_MS,
    );
    expect({ status: kata.status, score: kata.score }, kata.message ?? '').toEqual({
      status: want.status,
      score: want.score,
    });
    // Nothing is scored that did not pass, and only the honest tests pass.
    const scored = tests.filter((t) => t.score > 0);
    expect(scored.every((t) => t.status === 'pass')).toBe(true);
    expect(scored.map((t) => t.name).sort()).toEqual([...want.scored].sort());
    if (want.stage2 !== undefined) {
      for (const t of tests.filter((x) => STAGE_2.includes(x.name))) {
        expect(want.stage2, `${t.name}: ${t.status} ${t.message}`).toContain(t.status);
      }
    }
    want.more?.(kata, tests, results);
  });
});
