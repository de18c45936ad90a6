/**
 * What a failing property says (item 5 of the participant's loop):
 *
 * - against a stub: the stub's own sentence, `parse is not implemented yet — see README §1`,
 *   not a counterexample that means nothing yet;
 * - otherwise: the shrunk counterexample, the seed and path, the assertion that failed (with its
 *   hint pointer and expected/received), and the command that replays exactly this case.
 *
 * It is a fast-check plugin that `fcParams` installs, so every `fc.assert(prop, fcParams(n))`
 * in every kata gets it without changing a spec.
 */
import { relative } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { NotImplementedError } from './not-implemented.ts';

interface RunSummary {
  failed: boolean;
  seed: number;
  numRuns: number;
  numShrinks: number;
  counterexample: unknown;
  counterexamplePath: string | null;
  errorInstance: unknown;
}

/** `'…'` quoting for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The command that replays one property case, run from the kata's folder. */
export function replayCommand(seed: number, path: string | null): string {
  const state = expect.getState();
  const file = state.testPath === undefined ? '' : ` ${relative(process.cwd(), state.testPath)}`;
  const name = state.currentTestName?.split(' > ').at(-1);
  const filter = name === undefined ? '' : ` -t ${shellQuote(escapeRegExp(name))}`;
  const env = `FC_SEED=${seed}${path === null ? '' : ` FC_PATH=${path}`}`;
  return `${env} npm test --${file}${filter}`;
}

function isStub(error: unknown): error is Error {
  return (
    error instanceof NotImplementedError ||
    (error instanceof Error && error.name === 'NotImplementedError')
  );
}

/** The error a failed property throws; see the module comment. */
export function propertyFailure(run: RunSummary): Error {
  const cause = run.errorInstance;
  if (isStub(cause)) {
    const stub = new Error(cause.message);
    stub.name = 'NotImplementedError';
    return stub;
  }
  const inner = cause instanceof Error ? cause : new Error(String(cause));
  const message = [
    inner.message,
    `counterexample: ${fc.stringify(run.counterexample)} (after ${run.numRuns} runs, shrunk ${run.numShrinks} times)`,
    `seed: ${run.seed}${run.counterexamplePath === null ? '' : `, path: ${run.counterexamplePath}`}`,
    `replay: ${replayCommand(run.seed, run.counterexamplePath)}`,
  ].join('\n');
  const error = new Error(message, { cause: inner });
  // Keep the assertion's expected/received so the reporters can diff them.
  for (const key of ['expected', 'actual', 'showDiff'] as const) {
    if (key in inner)
      Object.assign(error, { [key]: (inner as unknown as Record<string, unknown>)[key] });
  }
  return error;
}

/** The fast-check plugin `fcParams` installs. */
export const propertyReport = () => ({
  onAllRunsComplete(run: RunSummary): void {
    if (run.failed) throw propertyFailure(run);
  },
});
