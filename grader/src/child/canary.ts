/**
 * The trusted half of the canaries, imported first by every spec file the grader runs (see
 * trusted.config.ts, which also writes the canary tests themselves into the spec file, named and
 * placed from the run's secret: canary-plan.ts).
 *
 * Participant code runs in the same worker as the specs, so it can patch what the specs rely
 * on: make `expect` never throw, give fast-check a silent reporter or one run, mark failures as
 * passes. That cannot be prevented from inside the process, only detected. This module is
 * evaluated before the participant's code; it
 *
 * - provides `intact()`, the integrity check the must-pass canaries call;
 * - checks integrity after every test (`afterEach`), so a patch made lazily by the first call
 *   into the participant's code fails the test during which it happened.
 *
 * The grader checks the canaries' reported outcomes; any deviation marks the kata `tampered`.
 */
import fc from 'fast-check';
import { afterEach, expect } from 'vitest';
import { TAMPER_MARK } from './protocol.ts';
import { guardProblems } from './worker-guard.ts';

const pristineFcConfig = JSON.stringify(fc.readConfigureGlobal() ?? {});
const falseProperty = (): void => {
  fc.assert(
    fc.property(fc.nat(), () => false),
    { seed: 1, numRuns: 3 },
  );
};

function integrityProblems(): string[] {
  const problems: string[] = [...guardProblems()];
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

afterEach(() => {
  checkIntegrity();
});

/** The integrity check, called by the must-pass canaries. */
export function intact(): void {
  checkIntegrity();
}
