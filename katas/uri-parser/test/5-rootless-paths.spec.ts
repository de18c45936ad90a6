/**
 * Round two of stage 5: normalization removes dot segments from rootless paths too
 * (§6.2.2.3), with the first segment longer than one character ("foo:ab/../c").
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { normalize } from '../src/index.ts';

describe('5. Normalize and compare', () => {
  it.each([
    ['foo:ab/../c', 'foo:/c'],
    ['foo:mid/./x/../y', 'foo:mid/y'],
    ['foo:abc/..', 'foo:/'],
  ])('normalizes the rootless path of %j to %j', (uri, expected) => {
    expect(
      normalize(uri),
      hint(5, 'normalization applies remove_dot_segments (§6.2.2.3), rootless paths included'),
    ).toBe(expected);
  });
});
