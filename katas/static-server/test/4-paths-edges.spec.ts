/**
 * Edges of stage 4 the main spec leaves open: the redirect of a nested directory keeps every
 * segment.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { get, useWebRoot } from './helpers.ts';

const { start } = useWebRoot();

describe('4. Paths', () => {
  describe('the redirect of a directory without its "/" (RFC 9110 §15.4.2)', () => {
    it('keeps every segment of a nested directory: /plain-dir/nested → /plain-dir/nested/', async () => {
      const why = hint(4, 'Location is the same path with "/" added, segments joined by "/"');
      const server = await start();
      const res = await get(server, '/plain-dir/nested');
      expect(res.status, why).toBe(301);
      expect(res.headers.location, why).toBe('/plain-dir/nested/');
    });
  });

  describe('a target that is no path (RFC 9110 §4.2.1, RFC 9112 §3.2)', () => {
    it.each(['http:/hello.txt', 'a:b'])(
      'answers 400 to "%s": an absolute URI without an authority names no file here',
      async (target) => {
        const why = hint(
          4,
          'origin-form starts with "/"; absolute-form is scheme "://" authority, then the path',
        );
        const server = await start();
        expect((await get(server, target)).status, why).toBe(400);
      },
    );
  });
});
