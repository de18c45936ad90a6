/**
 * Dates under a time zone far from UTC. HTTP dates are GMT (RFC 9110 §5.6.7): built from
 * `getHours()`/`getDate()` or parsed with `new Date(y, m, d, …)` they are right on a UTC build
 * machine and hours off on a laptop anywhere else. The server runs in a child process with
 * TZ=Pacific/Chatham (UTC+13:45), since a time zone cannot be changed inside a worker thread.
 */
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { request } from '@hbu/kata-kit/socket-harness';
import { type ProbeProcess, startProbe } from '@hbu/kata-kit/time-zone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELLO_LAST_MODIFIED, useWebRoot } from './helpers.ts';

const { web } = useWebRoot();

const DATES = [
  'Sun, 06 Nov 1994 08:49:37 GMT',
  'Sunday, 06-Nov-94 08:49:37 GMT',
  'Sun Nov  6 08:49:37 1994',
  'Sun, 31 Dec 2023 23:59:59 GMT',
  'Mon, 01 Jan 2024 00:00:00 GMT',
];
const UTC = hint(5, 'HTTP dates are GMT: use getUTC…() / Date.UTC / toUTCString, never local time');

let probe: ProbeProcess;
let first: { offsetMinutes: number; parsed: unknown[] };
let port: number | undefined;

describe('5. Caching', () => {
  describe('under a time zone far from UTC (TZ=Pacific/Chatham)', () => {
    beforeAll(async () => {
      probe = startProbe(
        join(import.meta.dirname, '../src/index.ts'),
        `${import.meta.dirname}/time-zone-probe.ts`,
        {
          args: [web().root, JSON.stringify(DATES)],
        },
      );
      first = (await probe.next()) as typeof first;
      const second = (await probe.next()) as { port?: number };
      port = second.port;
    }, 30_000);
    afterAll(() => probe?.stop());

    it('parses all three HTTP-date formats to the same instant as in UTC', () => {
      expect(first.offsetMinutes, 'the probe must run away from UTC').not.toBe(0);
      const nov6 = Date.UTC(1994, 10, 6, 8, 49, 37);
      const expected = [nov6, nov6, nov6, Date.UTC(2023, 11, 31, 23, 59, 59), Date.UTC(2024, 0, 1)];
      expect(first.parsed, UTC).toEqual(expected);
    });

    it('sends Last-Modified in GMT', async () => {
      expect(port, 'the server did not start in the probe').toBeTypeOf('number');
      const res = await request(port!, { target: '/hello.txt' });
      expect(res.headers['last-modified'], UTC).toBe(HELLO_LAST_MODIFIED);
    });

    it('sends a Date that is now, in GMT', async () => {
      expect(port, 'the server did not start in the probe').toBeTypeOf('number');
      const before = Math.floor(Date.now() / 1000) * 1000;
      const res = await request(port!, { target: '/hello.txt' });
      const date = Date.parse(res.headers.date ?? '');
      expect(res.headers.date).toMatch(/ GMT$/);
      expect(date, UTC).toBeGreaterThanOrEqual(before - 1000);
      expect(date, UTC).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('compares If-Modified-Since in GMT: 304 at Last-Modified, 200 a second before', async () => {
      expect(port, 'the server did not start in the probe').toBeTypeOf('number');
      const same = await request(port!, {
        target: '/hello.txt',
        headers: { 'If-Modified-Since': HELLO_LAST_MODIFIED },
      });
      expect(same.status, UTC).toBe(304);
      const earlier = await request(port!, {
        target: '/hello.txt',
        headers: { 'If-Modified-Since': 'Tue, 02 Jan 2024 03:04:04 GMT' },
      });
      expect(earlier.status, UTC).toBe(200);
    });
  });
});
