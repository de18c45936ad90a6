import {
  DEADLINE_TEST_TIMEOUT_MS,
  deadlineWorkersAlive,
  withinDeadline,
} from '@hbu/kata-kit/deadline';
import { hint } from '@hbu/kata-kit/expect-code';
import { afterAll, describe, expect, it } from 'vitest';
import * as kata from '../src/index.ts';
import { Router } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(9, 'count a step for every child tried and every character scanned');

/**
 * Every lookup of an adversarial path runs first in a worker under a hard deadline (kata-kit's
 * `withinDeadline`, 5 s), then here. The paths are sized so that the margin is wide on both
 * sides: a linear router needs a few milliseconds for each, a quadratic one (a regular
 * expression per route, on these lengths) under 50 ms, while the two paths that "almost match"
 * cost a backtracking expression hours. So the outcome is the same on every run, however loaded
 * the machine: no test blocks until the grader's budget cuts it somewhere.
 * The callbacks below run in the worker from their source text: they use only their parameters.
 * The tests that wait on a worker run concurrently: a router that misses several deadlines costs
 * about one deadline, not one per test.
 */
const inTime = withinDeadline(kata, new URL('../src/index.ts', import.meta.url), {
  hint: hint(9, 'split a segment once, scanning for the text after each parameter'),
});
const SLOW = DEADLINE_TEST_TIMEOUT_MS;

/** A constraint that accepts everything and counts how often the router asks it. */
function counter(): { calls: number; check: (value: string) => boolean } {
  const c = {
    calls: 0,
    check: (_value: string) => {
      c.calls++;
      return true;
    },
  };
  return c;
}

// The trigger of CVE-2024-45296: two parameters in one segment and a path that almost matches.
const attack = (n: number) => `/a${'-a'.repeat(Math.floor((n - 4) / 2))}/a`;

describe('9. Security', () => {
  afterAll(() => {
    // Every deadline worker is terminated before its call returns.
    expect(deadlineWorkersAlive()).toBe(0);
  });

  it.concurrent(
    'matches "/:a-:b" against a 5,000-character path in linear steps (CVE-2024-45296)',
    async () => {
      const path = attack(5_000);
      const result = await inTime(
        (k, p) => new k.Router<string>().add('GET', '/:a-:b', 'ab').match('GET', p),
        path,
      );
      expect(result.status, STAGE_HINT).toBe(404);
      // An honest count: the scan of the segment is there (a regular expression would hide it)…
      expect(result.steps, STAGE_HINT).toBeGreaterThanOrEqual(path.length / 2);
      // …and nothing more than a scan: no retried splits.
      expect(result.steps, STAGE_HINT).toBeLessThanOrEqual(3 * path.length + 100);
    },
    SLOW,
  );

  it.concurrent(
    'grows its steps linearly: ten times the path, at most about ten times the steps',
    async () => {
      const [small, large] = await inTime(
        (k, paths) => {
          const router = new k.Router<string>()
            .add('GET', '/:a-:b', 'ab')
            .add('GET', '/:a-:b/:c.:d', 'abcd')
            .add('GET', '/:a.:b-:c/x', 'abc');
          return paths.map((p) => router.match('GET', p).steps);
        },
        [attack(500), attack(5_000)],
      );
      expect(large, STAGE_HINT).toBeLessThanOrEqual(12 * (small ?? 0));
    },
    SLOW,
  );

  it.concurrent(
    'counts the characters it scans: splitting a 10,000-character segment costs ≥ 5,000 steps',
    async () => {
      const result = await inTime(
        (k, p) => new k.Router<string>().add('GET', '/s/:a-:b', 'ab').match('GET', p),
        `/s/x-${'y'.repeat(10_000)}`,
      );
      expect(paramsOf(result), STAGE_HINT).toEqual({ a: 'x', b: 'y'.repeat(10_000) });
      expect(result.steps, STAGE_HINT).toBeGreaterThanOrEqual(5_000);
    },
    SLOW,
  );

  it.concurrent(
    'counts the characters it scans in vain too: no separator in 10,000 characters',
    async () => {
      const result = await inTime(
        (k, p) => new k.Router<string>().add('GET', '/s/:a-:b', 'ab').match('GET', p),
        `/s/${'y'.repeat(10_000)}`,
      );
      expect(result.status, STAGE_HINT).toBe(404);
      expect(result.steps, STAGE_HINT).toBeGreaterThanOrEqual(5_000);
      expect(result.steps, STAGE_HINT).toBeLessThanOrEqual(3 * 10_003 + 100);
    },
    SLOW,
  );

  it.concurrent(
    'stays linear with eight parameters in one segment and long values',
    async () => {
      const piece = 'x'.repeat(1_000);
      const path = `/m/${Array(8).fill(piece).join('-')}`;
      const result = await inTime(
        (k, p) =>
          new k.Router<string>().add('GET', '/m/:a-:b-:c-:d-:e-:f-:g-:h', 'many').match('GET', p),
        path,
      );
      expect(paramsOf(result)['h'], STAGE_HINT).toBe(piece);
      expect(result.steps, STAGE_HINT).toBeGreaterThanOrEqual(path.length / 2);
      expect(result.steps, STAGE_HINT).toBeLessThanOrEqual(3 * path.length + 100);
    },
    SLOW,
  );

  it('counts a step for every node it tries, wildcards included', () => {
    const router = new Router<string>().add('GET', '/:a/:b/:c/:d/*rest', 'deep');
    expect(router.match('GET', '/1/2/3/4/5').steps, STAGE_HINT).toBeGreaterThanOrEqual(5);
  });

  it('counts a step for every constraint call', () => {
    const plain = new Router<string>().add('GET', '/u/:id', 'u');
    const checked = new Router<string>().add('GET', '/u/:id', 'u', {
      constraints: { id: () => true },
    });
    expect(checked.match('GET', '/u/1').steps, STAGE_HINT).toBeGreaterThan(
      plain.match('GET', '/u/1').steps,
    );
  });

  it.concurrent(
    'asks a constraint once per segment, not once per way to split it',
    async () => {
      // In the worker the constraint only has to exist; here it counts.
      await inTime(
        (k, p) =>
          new k.Router<string>()
            .add('GET', '/:a-:b/x', 'ab', { constraints: { a: () => true } })
            .match('GET', p).status,
        attack(5_000),
      );
      const a = counter();
      const router = new Router<string>().add('GET', '/:a-:b/x', 'ab', {
        constraints: { a: a.check },
      });
      expect(router.match('GET', attack(5_000)).status, STAGE_HINT).toBe(404);
      expect(a.calls, STAGE_HINT).toBeLessThanOrEqual(1);
    },
    SLOW,
  );

  it('does not retry other splits when a later constraint fails (the retries are the ReDoS)', () => {
    const b = counter();
    const router = new Router<string>().add('GET', '/:a-:b', 'ab', {
      constraints: { b: (v) => b.check(v) && /^\d+$/.test(v) },
    });
    expect(router.match('GET', '/x-y-1').status, STAGE_HINT).toBe(404);
    expect(b.calls, STAGE_HINT).toBe(1);
  });

  it.concurrent(
    'stays linear with three and four parameters in a segment (CVE-2024-52798)',
    async () => {
      const three = `/${'a-'.repeat(100)}/y`;
      const four = `/t/${'-a'.repeat(500)}`;
      const results = await inTime(
        (k, paths) => {
          const router = new k.Router<string>()
            .add('GET', '/:a-:b-:c/x', 'abc')
            .add('GET', '/t/:a-:b-:c-:d', 'abcd');
          return paths.map((p) => router.match('GET', p));
        },
        [three, four],
      );
      expect(results[0]?.status, STAGE_HINT).toBe(404);
      expect(results[0]?.steps, STAGE_HINT).toBeLessThanOrEqual(3 * three.length + 100);
      expect(results[1]?.steps, STAGE_HINT).toBeLessThanOrEqual(3 * four.length + 100);
    },
    SLOW,
  );

  it.concurrent(
    'stays linear with four parameters in a segment that almost matches: each parameter adds a power (CVE-2024-45296)',
    async () => {
      // A backtracking expression tries every way to place three "-" among 1,000: ~10¹¹ steps.
      const path = `/${'a-'.repeat(1_000)}a/y`;
      const result = await inTime(
        (k, p) => new k.Router<string>().add('GET', '/:a-:b-:c-:d/x', 'abcd').match('GET', p),
        path,
      );
      expect(result.status, STAGE_HINT).toBe(404);
      expect(result.steps, STAGE_HINT).toBeLessThanOrEqual(3 * path.length + 100);
    },
    SLOW,
  );

  it.concurrent(
    'stays linear with one parameter per segment over 2,000 segments that almost match',
    async () => {
      // A parameter compiled to "(.+)" or "(.*)" crosses "/": every way to cut 2,000 segments in four.
      const path = `/r/${'a/'.repeat(2_000)}y`;
      const result = await inTime(
        (k, p) => new k.Router<string>().add('GET', '/r/:a/:b/:c/:d/z', 'abcd').match('GET', p),
        path,
      );
      expect(result.status, STAGE_HINT).toBe(404);
      expect(result.steps, STAGE_HINT).toBeLessThanOrEqual(3 * path.length + 100);
    },
    SLOW,
  );

  it.concurrent(
    'stays linear on a parameter followed by its separator at the end (CVE-2024-45813)',
    async () => {
      const paths = [`/${'-'.repeat(10_000)}`, `/a${'-a'.repeat(1_000)}`];
      const results = await inTime((k, ps) => {
        const router = new k.Router<string>().add('GET', '/:a-:b-', 'ab');
        return ps.map((p) => router.match('GET', p));
      }, paths);
      paths.forEach((path, i) => {
        expect(results[i]?.status, STAGE_HINT).toBe(404);
        expect(results[i]?.steps, STAGE_HINT).toBeLessThanOrEqual(3 * path.length + 100);
      });
      const router = new Router<string>().add('GET', '/:a-:b-', 'ab');
      expect(paramsOf(router.match('GET', '/x-y-')), STAGE_HINT).toEqual({ a: 'x', b: 'y' });
    },
    SLOW,
  );

  it.concurrent(
    'stays linear on a path of 5,000 segments against a table with backtracking',
    async () => {
      const [small, large] = await inTime(
        (k, paths) => {
          const router = new k.Router<string>()
            .add('GET', '/a/a/:x/b', 'x')
            .add('GET', '/a/:y/a/c', 'y')
            .add('GET', '/:z/a/*rest', 'rest', { constraints: { rest: (v) => v.endsWith('!') } });
          return paths.map((p) => router.match('GET', p));
        },
        [`/${'a/'.repeat(500)}b`, `/${'a/'.repeat(5_000)}b`],
      );
      expect(large?.status, STAGE_HINT).toBe(404);
      expect(large?.steps, STAGE_HINT).toBeLessThanOrEqual(12 * (small?.steps ?? 0));
    },
    SLOW,
  );

  it('tries each candidate node at most once per request', () => {
    const calls = counter();
    const router = new Router<string>()
      .add('GET', '/:a/:b/:c/x', 'abc', { constraints: { a: calls.check } })
      .add('GET', '/:a/:b/y', 'ab')
      .add('GET', '/:a/z', 'a');
    expect(router.match('GET', '/1/2/3/4').status, STAGE_HINT).toBe(404);
    expect(calls.calls, STAGE_HINT).toBe(1);
  });

  it('does not interpret an encoded ".." segment: "/public/%2E%2E/admin" stays in /public', () => {
    const router = new Router<string>()
      .add('GET', '/public/*file', 'public')
      .add('GET', '/admin/*file', 'admin');
    const result = found(router.match('GET', '/public/%2E%2E/admin/secret'));
    expect(result.handler, STAGE_HINT).toBe('public');
    expect({ ...result.params }, STAGE_HINT).toEqual({ file: '../admin/secret' });
    expect(found(router.match('GET', '/public/%2e%2e%2fadmin')).handler, STAGE_HINT).toBe('public');
  });

  it('does not resolve a raw ".." either: dot-segments are the client’s business', () => {
    const router = new Router<string>()
      .add('GET', '/public/*file', 'public')
      .add('GET', '/admin/*file', 'admin')
      .add('GET', '/public/:name', 'one');
    expect(found(router.match('GET', '/public/../admin/secret')).handler, STAGE_HINT).toBe(
      'public',
    );
    expect(paramsOf(router.match('GET', '/public/..%2Fadmin')), STAGE_HINT).toEqual({
      name: '../admin',
    });
    expect(router.match('GET', '/%2E%2E/admin/x').status, STAGE_HINT).toBe(404);
  });

  it('answers 404 for paths named like Object.prototype members', () => {
    const router = new Router<string>().add('GET', '/', 'home').add('GET', '/users/:id', 'u');
    for (const path of ['/__proto__', '/constructor', '/toString', '/hasOwnProperty', '/users']) {
      expect(router.match('GET', path).status, path).toBe(404);
    }
  });

  it('answers 405 for methods named like Object.prototype members', () => {
    const router = new Router<string>().add('GET', '/a', 'a').add('GET', '/b/:x', 'b');
    for (const method of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
      expect(router.match(method, '/a').status, method).toBe(405);
      expect(router.match(method, '/b/1').status, method).toBe(405);
    }
  });

  it('stores a parameter named __proto__ as data, without touching any prototype', () => {
    const router = new Router<string>().add('GET', '/p/:__proto__/:constructor', 'p');
    const { params } = found(router.match('GET', '/p/polluted/x'));
    expect(Object.hasOwn(params, '__proto__'), STAGE_HINT).toBe(true);
    expect(Object.getOwnPropertyDescriptor(params, '__proto__')?.value, STAGE_HINT).toBe(
      'polluted',
    );
    expect(params['constructor'], STAGE_HINT).toBe('x');
    expect(({} as Record<string, unknown>)['polluted'], STAGE_HINT).toBeUndefined();
  });

  it('never redirects off-site: "\\" is encoded in the Location (open redirect)', () => {
    const router = new Router<string>({ trailingSlash: 'redirect' }).add('GET', '/:name', 'n');
    expect(router.match('GET', '/\\evil.example/'), STAGE_HINT).toMatchObject({
      status: 301,
      location: '/%5Cevil.example',
    });
  });

  it('never answers with a protocol-relative Location ("//evil.example")', () => {
    const router = new Router<string>({ trailingSlash: 'redirect' })
      .add('GET', '/:name', 'n')
      .add('GET', '/:a/:b', 'ab')
      .add('GET', '/x/*rest', 'rest');
    for (const path of ['//evil.example/', '///evil.example/', '//evil.example', '/%2F%2Fe/']) {
      const result = router.match('GET', path);
      if ('location' in result) expect(result.location, path).toMatch(/^\/[^/\\]/);
      else expect(result.status, path).toBe(404);
    }
  });
});
