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
});
