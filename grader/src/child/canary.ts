/**
 * Canary tests, injected by the grader into every spec file it runs (see trusted.config.ts).
 *
 * Participant code runs in the same worker as the specs, so it can patch what the specs rely
 * on: make `expect` never throw, give fast-check a silent reporter or one run, mark failures as
 * passes. That cannot be prevented from inside the process, only detected. This module is the
 * first import of each spec file, so it is evaluated before the participant's code; it
 *
 * - registers, before the spec's own tests and again after them, tests that MUST fail (an
 *   assertion and a property that are false) and one that must pass (an integrity check);
 * - checks integrity after every test (`afterEach`), so a patch made lazily by the first call
 *   into the participant's code fails the test during which it happened.
 *
 * The grader checks the canaries' reported outcomes; any deviation marks the kata `tampered`.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CANARY_SUITE, TAMPER_MARK } from './protocol.ts';

const pristineFcConfig = JSON.stringify(fc.readConfigureGlobal() ?? {});
const falseProperty = (): void => {
  fc.assert(
    fc.property(fc.nat(), () => false),
    { seed: 1, numRuns: 3 },
  );
};

function integrityProblems(): string[] {
  const problems: string[] = [];
  if (JSON.stringify(fc.readConfigureGlobal() ?? {}) !== pristineFcConfig) {
    problems.push('the fast-check global configuration was changed');
  }
  let assertionThrew = false;
  // The probe must not count as an assertion of the spec's test (expect.assertions(n)).
  const { assertionCalls } = expect.getState();
  try {
    expect(1).toBe(2);
  } catch {
    assertionThrew = true;
  }
  expect.setState({ assertionCalls });
  if (!assertionThrew) problems.push('expect(1).toBe(2) did not throw');
  let propertyThrew = false;
  try {
    falseProperty();
  } catch {
    propertyThrew = true;
  }
  if (!propertyThrew) problems.push('fc.assert did not throw for a false property');
  return problems;
}

function checkIntegrity(): void {
  const problems = integrityProblems();
  if (problems.length > 0) throw new Error(`${TAMPER_MARK}: ${problems.join('; ')}`);
}

function register(when: 'start' | 'end'): void {
  describe(CANARY_SUITE, () => {
    describe(when, () => {
      it('an assertion that is false fails', () => {
        expect(1).toBe(2);
      });
      it('a property that is false fails', () => {
        falseProperty();
      });
      it('the test environment is intact', () => {
        checkIntegrity();
      });
    });
  });
}

afterEach(() => {
  checkIntegrity();
});
register('start');

/** Called by the line the grader appends to each spec file. */
export function end(): void {
  register('end');
}
