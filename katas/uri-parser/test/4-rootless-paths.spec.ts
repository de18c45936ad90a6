/**
 * Round two of stage 4: remove_dot_segments on a path that does not start with "/" (a rootless
 * path: "mid/content=5/../6", a base like "foo:ab/c"). Rule E moves the first segment WITHOUT a
 * "/" in front; rule C then removes "the last segment and its preceding '/' (if any)". An
 * output kept as a string and cut at its last "/" (`out.slice(0, out.lastIndexOf('/'))`) cuts
 * one character too many when there is no "/": "mid" becomes "mi". Single-letter segments hide
 * it ("a/.." is right by accident), so these use longer ones.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { removeDotSegments, resolve } from '../src/index.ts';

const FIRST = hint(
  4,
  'rule C on a first segment with no "/" before it removes the whole segment, not up to a "/" that is not there',
);

describe('4. Resolve references', () => {
  describe('removeDotSegments on rootless paths (§5.2.4)', () => {
    it.each([
      ['mid/../x', '/x'],
      ['ab/../cd', '/cd'],
      ['mid/..', '/'],
      ['abc/../../x', '/x'],
      ['ab/c/../../d', '/d'],
      ['ab/cd/..', 'ab/'],
      ['abc/./x', 'abc/x'],
      ['abc/.', 'abc/'],
    ])('turns %j into %j', (path, expected) => {
      expect(removeDotSegments(path), FIRST).toBe(expected);
    });
  });

  describe('resolving against a base with a rootless path (§5.2.2, §5.2.3)', () => {
    it.each([
      ['foo:ab/c', '../d', 'foo:/d'],
      ['foo:ab/c', '..', 'foo:/'],
      ['foo:ab/c', '../../d', 'foo:/d'],
      ['mailto:ab/c', '../../x', 'mailto:/x'],
      ['foo:ab/cd/e', '../f', 'foo:ab/f'],
      ['foo:ab/c', '.', 'foo:ab/'],
      ['foo:ab/c', './d', 'foo:ab/d'],
      ['foo:abc', '../d', 'foo:d'],
    ])('resolves against %j the reference %j as %j', (base, reference, expected) => {
      expect(resolve(base, reference), FIRST).toBe(expected);
    });
  });
});
