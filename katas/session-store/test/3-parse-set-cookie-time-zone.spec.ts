/**
 * Expires read under a time zone far from UTC: the cookie-date algorithm (RFC 6265 §5.1.1)
 * yields a UTC instant ("Let the parsed-cookie-date be the date whose day-of-month, month, year,
 * hour, minute, and second … in UTC"). With `new Date(y, m, d, …)` it is right on a UTC build
 * machine only. Computed in a child process with TZ=Pacific/Chatham (UTC+13:45).
 */
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { startProbe } from '@hbu/kata-kit/time-zone';
import { describe, expect, it } from 'vitest';

describe('3. Parse Set-Cookie', () => {
  it('reads Expires as a UTC instant whatever the time zone (TZ=Pacific/Chatham)', async () => {
    const probe = startProbe(
      join(import.meta.dirname, '../src/index.ts'),
      `${import.meta.dirname}/time-zone-probe.ts`,
      {
        args: [
          JSON.stringify({
            headers: [
              'a=b; Expires=Wed, 21 Oct 2015 07:28:00 GMT',
              'a=b; Expires=Thursday, 01-Jan-70 00:00:00 GMT',
              'a=b; Expires=Sun Dec 31 23:59:59 2023',
            ],
          }),
        ],
      },
    );
    try {
      const out = (await probe.next()) as { offsetMinutes: number; parsed: unknown[] };
      expect(out.offsetMinutes, 'the probe must run away from UTC').not.toBe(0);
      expect(
        out.parsed,
        hint(3, 'the cookie-date is in UTC: Date.UTC, not new Date(y, m, d, …)'),
      ).toEqual([Date.UTC(2015, 9, 21, 7, 28), 0, Date.UTC(2023, 11, 31, 23, 59, 59)]);
    } finally {
      await probe.stop();
    }
  }, 30_000);
});
