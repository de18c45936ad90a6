import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { type Constraint, Router } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

type Route = [pattern: string, handler: string, constraints?: Record<string, Constraint>];

/** The same routes added first to last and last to first. */
function bothOrders(routes: Route[]): Router<string>[] {
  return [routes, [...routes].reverse()].map((list) => {
    const router = new Router<string>();
    for (const [pattern, handler, constraints] of list) {
      router.add('GET', pattern, handler, constraints ? { constraints } : {});
    }
    return router;
  });
}

describe('4. Precedence (edges)', () => {
  it('orders templates of equal literal text by their text in code-unit order, in any add order', () => {
    const why = hint(
      4,
      'ties go to the segment text without names in code-unit order (":-:" before ":.:")',
    );
    const routes: Route[] = [
      ['/:a.:b', 'dot'],
      ['/:a-:b', 'dash'],
      ['/:a~:b', 'tilde'],
    ];
    for (const router of bothOrders(routes)) {
      const result = found(router.match('GET', '/x-y.z~w'));
      expect(result.handler, why).toBe('dash');
      expect(paramsOf(result), why).toEqual({ a: 'x', b: 'y.z~w' });
      expect(found(router.match('GET', '/x.y~z')).handler, why).toBe('dot');
      expect(found(router.match('GET', '/x~y')).handler, why).toBe('tilde');
    }
  });

  it('compares the text without names character by character, a parameter as ":"', () => {
    const why = hint(4, '"a:x." without names is "a:.", "aA:x" is "aA:": ":" comes before "A"');
    for (const router of bothOrders([
      ['/aA:x', 'upper'],
      ['/a:x.', 'dot'],
    ])) {
      const result = found(router.match('GET', '/aAz.'));
      expect(result.handler, why).toBe('dot');
      expect(paramsOf(result), why).toEqual({ x: 'Az' });
      expect(paramsOf(router.match('GET', '/aAz')), why).toEqual({ x: 'z' });
    }
  });

  it('picks among constrained wildcards the same way whatever the add order', () => {
    const why = hint(4, 'precedence never depends on the order routes were added');
    const routes: Route[] = [
      ['/f/*a', 'a', { a: /x.*/ }],
      ['/f/*b', 'b', { b: /.*y/ }],
      ['/f/*c', 'c', { c: /.*x.*/ }],
      ['/f/*d', 'd', { d: (v: string) => v.length === 2 }],
    ];
    const [forward, backward] = bothOrders(routes);
    for (const path of ['/f/xy', '/f/axy', '/f/xa', '/f/ab', '/f/zz', '/f/xxy']) {
      const one = forward!.match('GET', path);
      const two = backward!.match('GET', path);
      expect(one.status, `${path}: ${why}`).toBe(two.status);
      if (one.status === 200 && two.status === 200) {
        expect(one.handler, `${path}: ${why}`).toBe(two.handler);
      }
    }
    expect(found(forward!.match('GET', '/f/xy')).status, why).toBe(200);
  });
});

describe('6. Case (edges)', () => {
  it('folds the case of a lone static segment before a parameter', () => {
    const why = hint(
      6,
      'with caseSensitive false every static segment folds, not only fully static paths',
    );
    const router = new Router<string>({ caseSensitive: false }).add('GET', '/api/v1/:id', 'item');
    for (const path of ['/API/v1/Ab', '/Api/V1/Ab', '/api/v1/Ab']) {
      expect(paramsOf(router.match('GET', path)), `${path}: ${why}`).toEqual({ id: 'Ab' });
    }
  });
});
