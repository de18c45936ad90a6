import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';
import { outcome } from './property-support.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  2,
  'collect the methods of the routes that match the path; Allow is a sorted Set with HEAD and OPTIONS',
);

describe('2. Methods: 405 with Allow, HEAD and OPTIONS', () => {
  it('answers any other method with 405 and Allow = sorted methods, HEAD with GET, OPTIONS', () => {
    const methods = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];
    fc.assert(
      fc.property(fc.subarray(methods, { minLength: 1 }), (chosen) => {
        const router = new Router<string>().add(chosen, '/r/:id', 'r');
        const expected = new Set([...chosen, 'OPTIONS']);
        if (chosen.includes('GET')) expected.add('HEAD');
        const allow = [...expected].sort();
        expect(outcome(router.match('BREW', '/r/1')), STAGE_HINT).toEqual({ status: 405, allow });
        expect(outcome(router.match('OPTIONS', '/r/1')), STAGE_HINT).toEqual({
          status: 204,
          allow,
        });
      }),
      fcParams(50),
    );
  });
});
