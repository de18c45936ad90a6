import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';
import { paramsOf } from './support.ts';

describe('9. Security', () => {
  it('counts at least a lookup and a node on decoded and case-folded paths', () => {
    const why = hint(9, 'steps grow by one for each node tried; they never go down');
    const exact = new Router<string>().add('GET', '/a/b/c/:id', 'x');
    const folded = new Router<string>({ caseSensitive: false }).add('GET', '/a/b/c/:id', 'x');
    for (const [router, path] of [
      [exact, '/a/b/c/%31'],
      [exact, '/%61/b/c/1'],
      [folded, '/A/B/C/1'],
      [folded, '/a/b/c/1'],
    ] as const) {
      const result = router.match('GET', path);
      expect(paramsOf(result), path).toEqual({ id: '1' });
      expect(result.steps, `${path}: ${why}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('does not count the characters of a segment that is one parameter', () => {
    const why = hint(
      9,
      'characters are counted only when looking for the text that ends a parameter among several',
    );
    const router = new Router<string>().add('GET', '/u/:id', 'user');
    const short = router.match('GET', '/u/1');
    const long = router.match('GET', `/u/${'x'.repeat(1000)}`);
    expect(long.status, why).toBe(200);
    expect(long.steps, why).toBe(short.steps);
  });
});
