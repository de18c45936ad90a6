import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hint } from '../src/expect-code.ts';
import { fcParams } from '../src/fc-params.ts';
import { notImplemented } from '../src/not-implemented.ts';

function failureOf(run: () => void): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the property did not fail');
}

describe('property failures read like specs', () => {
  it('against a stub: only the stub sentence naming the README section', () => {
    const error = failureOf(() =>
      fc.assert(
        fc.property(fc.nat(), () => notImplemented('parse', 1)),
        fcParams(10),
      ),
    );
    expect(error.message).toBe('parse is not implemented yet — see README §1');
    expect(error.message).not.toMatch(/counterexample/);
  });

  it('otherwise: the shrunk counterexample, the seed and path, the hint and the replay command', () => {
    const error = failureOf(() =>
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
          expect(n, hint(7, 'small numbers only')).toBeLessThan(10);
        }),
        fcParams(100),
      ),
    );
    expect(error.message).toMatch(/hint: small numbers only \(HINTS\.md §7\)/);
    expect(error.message).toMatch(/^counterexample: \[10\] \(after \d+ runs, shrunk \d+ times\)$/m);
    expect(error.message).toMatch(/^seed: 20261124, path: [\d:]+$/m);
    expect(error.message).toMatch(
      /^replay: FC_SEED=20261124 FC_PATH=[\d:]+ npm test -- (?:\S+\/)?test\/property-report\.spec\.ts -t 'otherwise: .*'$/m,
    );
    expect((error as Error & { expected?: unknown }).expected).toBe(10);
  });

  it('replays the very case with FC_SEED and FC_PATH', () => {
    const first = failureOf(() =>
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1000 }), (n) => n < 10),
        fcParams(100),
      ),
    );
    const path = /path: ([\d:]+)/.exec(first.message)?.[1];
    expect(path).toBeDefined();
    process.env.FC_PATH = path;
    try {
      const again = failureOf(() =>
        fc.assert(
          fc.property(fc.integer({ min: 0, max: 1000 }), (n) => n < 10),
          fcParams(100),
        ),
      );
      expect(again.message).toMatch(/counterexample: \[10\] \(after 1 runs/);
    } finally {
      delete process.env.FC_PATH;
    }
  });
});
