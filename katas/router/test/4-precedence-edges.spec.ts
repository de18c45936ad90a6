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

describe('4. Wildcards and precedence with backtracking', () => {
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

  it('a wildcard under the root takes "/" with an empty value, after the root\'s own routes', () => {
    const why = hint(4, '"*name" needs only the "/" before it: `/*rest` takes "/" (rest = "")');
    const all = new Router<string>().add('GET', '/*rest', 'all');
    const result = found(all.match('GET', '/'));
    expect(result.handler, why).toBe('all');
    expect(paramsOf(result), why).toEqual({ rest: '' });
    const both = new Router<string>().add('GET', '/*rest', 'all').add('POST', '/', 'root');
    expect(found(both.match('POST', '/')).handler, hint(4, 'a static "/" beats the wildcard')).toBe(
      'root',
    );
    expect(found(both.match('GET', '/')).handler, why).toBe('all');
    const refused = both.match('PUT', '/');
    expect(refused.status).toBe(405);
    expect(
      refused.status === 405 && refused.allow,
      hint(2, 'Allow lists every route the path matches'),
    ).toEqual(expect.arrayContaining(['GET', 'POST']));
  });
});
