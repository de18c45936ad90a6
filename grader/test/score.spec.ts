import { describe, expect, it } from 'vitest';
import { canaryPlan } from '../src/child/canary-plan.ts';
import { type ChildMessage, TAMPER_MARK } from '../src/child/protocol.ts';
import type { KataSpec } from '../src/manifest.ts';
import { type ExpectedTest, scoreKata } from '../src/score.ts';
import type { ChildRun } from '../src/spawn.ts';

const spec: KataSpec = {
  slug: 'k',
  title: 'K',
  order: 1,
  timeBudgetSeconds: 30,
  forbiddenModules: [],
  forbiddenGlobals: [],
  testTimeoutMs: 1000,
  hints: { 1: 'Read §1.' },
  stages: [
    { id: 1, title: 'One', weight: 30 },
    { id: 2, title: 'Two', weight: 70 },
  ],
};
const F = 'test/a.spec.ts';
const expected: ExpectedTest[] = [
  { file: F, titles: ['1. One', 'a'] },
  { file: F, titles: ['1. One', 'b'] },
  { file: F, titles: ['1. One', 'c'] },
  { file: F, titles: ['2. Two', 'x'] },
  { file: F, titles: ['2. Two', 'nested', 'y'] },
];

type Test = Extract<ChildMessage, { t: 'test' }>;
const test = (titles: string[], state: Test['state'], message?: string): Test => ({
  t: 'test',
  file: F,
  titles,
  state,
  durationMs: 1,
  errors: message === undefined ? [] : [{ message, expected: '"A"', actual: '"B"' }],
});
const SECRET = 'a-secret-of-this-run';
const canaries = (when: 'start' | 'end', tamper = false): Test[] =>
  canaryPlan(SECRET, F)
    .filter((c) => c.at === when)
    .map((c) =>
      test(
        ['1. One', c.name],
        c.mustFail && !tamper ? 'failed' : 'passed',
        c.mustFail ? 'expected 1 to be 2' : undefined,
      ),
    );
const run = (messages: ChildMessage[], extra: Partial<ChildRun> = {}): ChildRun => ({
  messages,
  timedOut: false,
  ended: true,
  output: '',
  rejectedLines: 0,
  durationMs: 10,
  ...extra,
});
const honest = (tests: Test[]): ChildMessage[] => [
  ...canaries('start'),
  ...tests,
  ...canaries('end'),
  { t: 'module-end', file: F, errors: [] },
  { t: 'run-end', errors: [] },
];

describe('scoring', () => {
  it('splits each stage weight equally between its tests (partial credit)', () => {
    const { kata, tests } = scoreKata({
      spec,
      expected,
      forbidden: [],
      secret: SECRET,
      run: run(
        honest([
          test(['1. One', 'a'], 'passed'),
          test(['1. One', 'b'], 'failed', 'nope'),
          test(['1. One', 'c'], 'passed'),
          test(['2. Two', 'x'], 'passed'),
          test(['2. Two', 'nested', 'y'], 'skipped'),
        ]),
      ),
    });
    expect(kata.status).toBe('graded');
    expect(kata.stages.map((s) => [s.score, s.passed, s.total])).toEqual([
      [20, 2, 3],
      [35, 1, 2],
    ]);
    expect(kata.score).toBe(55);
    expect(tests.find((t) => t.name === '1. One › b')).toMatchObject({
      status: 'fail',
      score: 0,
      max_score: 10,
      message: 'nope\nexpected: "A"\nreceived: "B"',
    });
    expect(tests.find((t) => t.name === '2. Two › nested › y')?.status).toBe('skipped');
    expect(kata.stages[0]?.first_failure).toEqual({
      name: '1. One › b',
      message: 'nope\nexpected: "A"\nreceived: "B"',
      hint: 'Read §1.',
    });
  });

  it('scores unreported tests 0: timeout when the budget ran out, crashed otherwise', () => {
    const partial: ChildMessage[] = [...canaries('start'), test(['1. One', 'a'], 'passed')];
    const timedOut = scoreKata({
      spec,
      expected,
      forbidden: [],
      secret: SECRET,
      run: run(partial, { timedOut: true, ended: false }),
    });
    expect(timedOut.tests.map((t) => t.status)).toEqual([
      'pass',
      'timeout',
      'timeout',
      'timeout',
      'timeout',
    ]);
    expect(timedOut.kata.score).toBe(10);
    const crashed = scoreKata({
      spec,
      expected,
      forbidden: [],
      secret: SECRET,
      run: run([...partial, { t: 'module-end', file: F, errors: [{ message: 'Worker exited' }] }], {
        ended: false,
      }),
    });
    expect(crashed.tests.slice(1).map((t) => [t.status, t.message])).toEqual(
      Array(4).fill(['crashed', 'Worker exited']),
    );
  });

  it('gives nothing to a duplicate name or a test that is not expected, and flags both', () => {
    const { kata, tests } = scoreKata({
      spec,
      expected,
      forbidden: [],
      secret: SECRET,
      run: run(
        honest([
          test(['1. One', 'a'], 'passed'),
          test(['1. One', 'a'], 'passed'),
          test(['2. Two', 'bonus'], 'passed'),
        ]),
      ),
    });
    expect(kata.score).toBe(0);
    expect(kata.flagged).toEqual([
      `${F} › 1. One › a (duplicate)`,
      `${F} › 2. Two › bonus (not an expected test)`,
    ]);
    expect(tests.find((t) => t.name === '2. Two › bonus')).toMatchObject({
      score: 0,
      max_score: 0,
      status: 'fail',
    });
  });

  it('matches a name the spec itself repeats (it.each) to as many reports, in order', () => {
    const twice: ExpectedTest[] = [...expected, { file: F, titles: ['1. One', 'a'] }];
    const { kata, tests } = scoreKata({
      spec,
      expected: twice,
      forbidden: [],
      secret: SECRET,
      run: run(honest([test(['1. One', 'a'], 'passed'), test(['1. One', 'a'], 'failed', 'no')])),
    });
    expect(kata.flagged).toEqual([]);
    expect(tests.filter((t) => t.name === '1. One › a').map((t) => t.status)).toEqual([
      'pass',
      'fail',
    ]);
  });

  it('marks the kata tampered when a must-fail canary passes, and scores it 0', () => {
    const messages = [
      ...canaries('start', true),
      test(['1. One', 'a'], 'passed'),
      { t: 'run-end', errors: [] },
    ] as ChildMessage[];
    const { kata, tests } = scoreKata({
      spec,
      expected,
      forbidden: [],
      secret: SECRET,
      run: run(messages),
    });
    expect(kata.status).toBe('tampered');
    expect(kata.score).toBe(0);
    expect(tests.every((t) => t.score === 0)).toBe(true);
  });

  it('marks the kata tampered when the start canaries are missing but tests reported', () => {
    const { kata } = scoreKata({
      spec,
      expected,
      forbidden: [],
      secret: SECRET,
      run: run([test(['1. One', 'a'], 'passed'), { t: 'run-end', errors: [] }]),
    });
    expect(kata.status).toBe('tampered');
  });

  it('marks the kata tampered when the integrity check failed during a test', () => {
    const { kata } = scoreKata({
      spec,
      expected,
      forbidden: [],
      secret: SECRET,
      run: run(
        honest([
          test(['1. One', 'a'], 'failed', `${TAMPER_MARK}: expect(1).toBe(2) did not throw`),
        ]),
      ),
    });
    expect(kata.status).toBe('tampered');
  });

  it('does not call a canary failing for an honest reason (a failing beforeAll) tampering', () => {
    const hook = (titles: string[]) => test(titles, 'failed', 'beforeAll: connect ECONNREFUSED');
    const { kata } = scoreKata({
      spec,
      expected,
      forbidden: [],
      secret: SECRET,
      run: run([
        ...[...canaries('start'), ...canaries('end')].map((c) => hook(c.titles)),
        ...expected.map((e) => hook(e.titles)),
        { t: 'module-end', file: F, errors: [] },
        { t: 'run-end', errors: [] },
      ]),
    });
    expect(kata).toMatchObject({ status: 'graded', score: 0 });
  });

  it('does not require the end canaries of a file that crashed', () => {
    const { kata } = scoreKata({
      spec,
      expected,
      forbidden: [],
      secret: SECRET,
      run: run([
        ...canaries('start'),
        test(['1. One', 'a'], 'passed'),
        { t: 'module-end', file: F, errors: [{ message: 'killed' }] },
      ]),
    });
    expect(kata.status).toBe('graded');
    expect(kata.score).toBe(10);
  });

  it('scores a kata with a forbidden import 0 and says why', () => {
    const { kata } = scoreKata({
      spec,
      expected,
      secret: SECRET,
      forbidden: [{ file: 'index.ts', line: 3, specifier: 'node:url' }],
      run: run(honest([test(['1. One', 'a'], 'passed')])),
    });
    expect(kata).toMatchObject({ status: 'forbidden', score: 0 });
    expect(kata.message).toContain('src/index.ts:3 imports "node:url"');
  });

  it('is an error, not a zero, when the expected tests could not be collected', () => {
    const { kata } = scoreKata({
      spec,
      expected: undefined,
      collectionError: 'boom',
      forbidden: [],
      secret: SECRET,
      run: run([]),
    });
    expect(kata).toMatchObject({ status: 'error', score: 0 });
    expect(kata.message).toContain('boom');
  });
});
