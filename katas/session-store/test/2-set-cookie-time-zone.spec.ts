/**
 * Expires under a time zone far from UTC: a sane-cookie-date is GMT (RFC 6265 §4.1.1). Built
 * from `getHours()`/`getDate()` it is right on a UTC build machine and hours off on a laptop
 * anywhere else. Computed in a child process with TZ=Pacific/Chatham (UTC+13:45): a time zone
 * cannot be changed inside a worker thread.
 */
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { startProbe } from '@hbu/kata-kit/time-zone';
import { describe, expect, it } from 'vitest';

describe('2. Serialize and validate Set-Cookie', () => {
  it('writes Expires in GMT whatever the time zone (TZ=Pacific/Chatham)', async () => {
    const probe = startProbe(
      join(import.meta.dirname, '../src/index.ts'),
      `${import.meta.dirname}/time-zone-probe.ts`,
      {
        args: [
          JSON.stringify({
            expires: [0, Date.UTC(2030, 0, 2, 3, 4, 5), Date.UTC(2023, 11, 31, 23, 59, 59)],
          }),
        ],
      },
    );
    try {
      const out = (await probe.next()) as { offsetMinutes: number; serialized: unknown[] };
      expect(out.offsetMinutes, 'the probe must run away from UTC').not.toBe(0);
      expect(
        out.serialized,
        hint(2, 'a cookie date is GMT: toUTCString or the getUTC…() getters, never local time'),
      ).toEqual([
        'a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
        'a=b; Expires=Wed, 02 Jan 2030 03:04:05 GMT',
        'a=b; Expires=Sun, 31 Dec 2023 23:59:59 GMT',
      ]);
    } finally {
      await probe.stop();
    }
  }, 30_000);
});
