/**
 * Edges of stage 5 the main spec leaves open: every month name of an HTTP-date is read (RFC 9110
 * §5.6.7 lists twelve), and an hour of 24 is not a time of day, so the field is ignored.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { get, useWebRoot } from './helpers.ts';

const { start } = useWebRoot();

// hello.txt was last modified on Tue, 02 Jan 2024 03:04:05 GMT (see web-root.ts).
describe('5. Caching', () => {
  describe('If-Unmodified-Since reads every month name (RFC 9110 §5.6.7, §13.1.4)', () => {
    it.each(['Thu, 01 Jun 2023 00:00:00 GMT', 'Sun, 01 Oct 2023 00:00:00 GMT'])(
      'answers 412 to "%s", a date before Last-Modified',
      async (date) => {
        const why = hint(
          5,
          'parse all twelve month names: Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec',
        );
        const server = await start();
        expect((await get(server, '/hello.txt', { 'If-Unmodified-Since': date })).status, why).toBe(
          412,
        );
      },
    );
  });

  describe('an invalid HTTP-date is ignored (RFC 9110 §13.1.4: "MUST ignore")', () => {
    it('ignores If-Unmodified-Since with hour 24: 200, not 412', async () => {
      const why = hint(
        5,
        'hour is 00-23; an out-of-range time makes the field invalid, so ignore it',
      );
      const server = await start();
      const res = await get(server, '/hello.txt', {
        'If-Unmodified-Since': 'Mon, 01 Jan 2024 24:00:00 GMT',
      });
      expect(res.status, why).toBe(200);
    });
  });
});
