import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.ts';

describe('1. Split a URI into components', () => {
  it('finds any scheme', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9+.-]*$/), (s) => {
        expect(parse(`${s}://x`).scheme).toBe(s);
      }),
      fcParams(50),
    );
  });
});
