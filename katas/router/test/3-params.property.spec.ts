import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';
import { encodeFully, valueArb } from './property-support.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(3, 'split first, decode each segment once; a broken escape is a 400');

describe('3. Parameters and decoding', () => {
  it('decodes any spelling of any value exactly once', () => {
    const router = new Router<string>().add('GET', '/x/:v', 'v');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(valueArb(1), fc.boolean()), { minLength: 1, maxLength: 4 }),
        (pieces) => {
          const value = pieces.map(([p]) => p).join('');
          const path = `/x/${pieces.map(([p, full]) => (full ? encodeFully(p) : encodeURIComponent(p))).join('')}`;
          const result = router.match('GET', path);
          expect(result.status, STAGE_HINT).toBe(200);
          expect('params' in result && result.params['v'], STAGE_HINT).toBe(value);
        },
      ),
      fcParams(200),
    );
  });
});
