import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEADLINE_TEST_TIMEOUT_MS,
  deadlineModuleFile,
  deadlineWorkersAlive,
  withinDeadline,
} from '../src/deadline.ts';
import { katasDir, referenceDir } from '../src/repo-paths.ts';
import * as fixture from './fixtures/deadline/index.ts';

const inTime = withinDeadline(fixture, new URL('./fixtures/deadline/index.ts', import.meta.url), {
  ms: 1_500,
  hint: 'hint: split once (HINTS.md §9)',
});

/** What a failing call's assertion says (withinDeadline fails through expect). */
async function failure(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return 'no failure';
}

describe('withinDeadline', () => {
  it(
    'runs a linear call in a worker, then in the spec’s realm, and returns the second result',
    async () => {
      expect(await inTime((k, text) => k.countA(text), 'ab'.repeat(100_000))).toBe(100_000);
      // The value comes from this realm, not from the worker.
      expect(await inTime((k) => k.where())).toBe(fixture.where());
    },
    DEADLINE_TEST_TIMEOUT_MS,
  );

  it(
    'fails an exponential call at the deadline, with the hint, and leaves no worker behind',
    async () => {
      const started = performance.now();
      const message = await failure(inTime((k, text) => k.nested(text), `${'a'.repeat(40)}!`));
      expect(message).toMatch(/did not finish within 1\.5 s/);
      expect(message).toContain('(HINTS.md §9)');
      // Terminated at the deadline, not left to run for minutes.
      expect(performance.now() - started).toBeLessThan(DEADLINE_TEST_TIMEOUT_MS);
    },
    DEADLINE_TEST_TIMEOUT_MS,
  );

  it(
    'lets a call that throws throw again in the spec’s realm (a stub reads as usual)',
    async () => {
      expect(await failure(inTime((k) => k.unfinished()))).toBe('not implemented yet');
    },
    DEADLINE_TEST_TIMEOUT_MS,
  );

  it(
    'fails a call that exhausts the worker’s heap',
    async () => {
      expect(await failure(inTime((k) => k.hoard()))).toMatch(/ran out of memory|did not finish/);
    },
    DEADLINE_TEST_TIMEOUT_MS,
  );

  it('loads the reference’s file under KATA_IMPL=reference, as the resolver does', () => {
    const participant = join(katasDir, 'router', 'src', 'index.ts');
    const saved = process.env.KATA_IMPL;
    try {
      delete process.env.KATA_IMPL;
      expect(deadlineModuleFile(participant)).toBe(participant);
      process.env.KATA_IMPL = 'reference';
      expect(deadlineModuleFile(participant)).toBe(join(referenceDir, 'router', 'src', 'index.ts'));
      // Anything outside a kata's src/ is left alone.
      const spec = join(katasDir, 'router', 'test', 'support.ts');
      expect(deadlineModuleFile(spec)).toBe(spec);
    } finally {
      if (saved === undefined) delete process.env.KATA_IMPL;
      else process.env.KATA_IMPL = saved;
    }
  });

  afterAll(() => {
    expect(deadlineWorkersAlive()).toBe(0);
  });
});
