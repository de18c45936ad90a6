/**
 * Issue #11, attack 12: the same submission must get the same score on every run. A
 * catastrophic regular expression blocks its thread; before kata-kit's `withinDeadline`, only
 * the kata's budget ended it, at a different point each time. The fixture kata's security spec
 * runs its long inputs in a worker under a 2 s deadline: the submission (correct, exponential on
 * "aaaa…!") fails that one test after the deadline, the same way on both gradings, and long
 * before the budget.
 *
 * Two gradings, not three, to keep the grader's suite cheap (each costs one deadline and a
 * vitest start); the kata specs' own measurements (three gradings of a naive router and a naive
 * uri-parser) are in the grader's README.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade } from '../src/grade.ts';
import type { Results } from '../src/results.ts';
import { sandboxAvailable } from '../src/sandbox.ts';
import { repoRoot } from './course.ts';

const fixture = resolve(import.meta.dirname, 'fixtures/redos');
const BUDGET_MS = 60_000;
let base: string;
const runs: Results[] = [];

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'hbu-redos-'));
  const root = join(base, 'repo');
  cpSync(join(fixture, 'repo'), root, { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  for (let i = 0; i < 2; i++) {
    runs.push(
      await grade({
        root,
        submission: join(fixture, 'submission'),
        concurrency: 1,
        memoryMb: 256,
        participant: 'redos',
      }),
    );
  }
}, 4 * BUDGET_MS);

afterAll(() => {
  if (base !== undefined) rmSync(base, { recursive: true, force: true });
});

describe('a catastrophic regular expression (attack 12)', () => {
  it('gets exactly the same score on both gradings: the honest tests, not the exponential one', () => {
    const scores = runs.map((r) => r.katas.map((k) => [k.slug, k.status, k.score]));
    expect(scores).toEqual([[['fx-redos', 'graded', 75]], [['fx-redos', 'graded', 75]]]);
    expect(runs.map((r) => r.sandbox)).toEqual([sandboxAvailable(), sandboxAvailable()]);
  });

  it('fails the exponential call at its deadline with the hint, long before the budget', () => {
    for (const results of runs) {
      const slow = results.tests.find((t) => t.name.endsWith('and a "!" quickly'));
      expect(slow).toMatchObject({ status: 'fail', score: 0 });
      expect(slow?.message).toMatch(/did not finish within 2 s/);
      expect(slow?.message).toContain('(HINTS.md §2)');
      const passed = results.tests.filter((t) => t.status === 'pass').map((t) => t.name);
      expect(passed.sort()).toEqual([
        '1. Words › accepts a word',
        '1. Words › rejects a space',
        '2. Security › accepts a 5,000-letter word quickly',
      ]);
      expect(results.katas[0]?.duration_ms).toBeLessThan(BUDGET_MS / 2);
    }
  });
});
