import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(9, 'count a step for every child tried and every character scanned');

describe('9. Security', () => {
  it('takes at most 3 steps per character plus a constant on adversarial paths', () => {
    const router = new Router<string>()
      .add('GET', '/:a-:b', 'ab')
      .add('GET', '/:a-:b-:c/x', 'abc')
      .add('GET', '/:a.:b-:c.:d/:e', 'abcde')
      .add('GET', '/:a-:b-/*rest', 'rest')
      .add('GET', '/x/:a/:b/y', 'xaby');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '-', '.', '/', '%41', 'x'), maxLength: 3000 }),
        (tail) => {
          const path = `/${tail}`;
          expect(router.match('GET', path).steps, STAGE_HINT).toBeLessThanOrEqual(
            3 * path.length + 100,
          );
        },
      ),
      fcParams(200),
    );
  });
});
