import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { parseHttpDate } from '../src/index.ts';
import { get, HELLO, HELLO_LAST_MODIFIED, HELLO_MTIME, useWebRoot } from './helpers.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  5,
  'evaluate the conditions in the RFC order and stop at the first decision',
);

const { web, start } = useWebRoot();

/** The ETag the server gives hello.txt. */
async function helloEtag(server: Awaited<ReturnType<typeof start>>): Promise<string> {
  const etag = (await get(server, '/hello.txt')).headers.etag;
  expect(etag, STAGE_HINT).toBeDefined();
  return etag!;
}

describe('5. Caching', () => {
  describe('validators', () => {
    it('sends a quoted, strong ETag (RFC 9110 §8.8.3)', async () => {
      const server = await start();
      expect(
        await helloEtag(server),
        hint(5, 'ETag: a quoted string from size and mtime, without W/'),
      ).toMatch(/^"[\x21\x23-\x7e]+"$/);
    });

    it('sends Last-Modified as the IMF-fixdate of the file mtime (RFC 9110 §8.8.2)', async () => {
      const server = await start();
      expect(
        (await get(server, '/hello.txt')).headers['last-modified'],
        hint(5, 'Last-Modified: mtime (whole seconds) .toUTCString()'),
      ).toBe(HELLO_LAST_MODIFIED);
    });

    it('gives different files different ETags, and the same file the same ETag', async () => {
      const server = await start();
      const a = await helloEtag(server);
      expect(
        await helloEtag(server),
        hint(5, 'derive the ETag from the file (size, mtime, inode)'),
      ).toBe(a);
      expect((await get(server, '/style.css')).headers.etag).not.toBe(a);
    });

    it('changes the ETag when the file changes', async () => {
      const server = await start();
      const path = join(web().root, 'changing.txt');
      writeFileSync(path, 'version 1');
      utimesSync(path, HELLO_MTIME, HELLO_MTIME);
      const before = (await get(server, '/changing.txt')).headers.etag;
      writeFileSync(path, 'version three');
      const after = (await get(server, '/changing.txt')).headers.etag;
      expect(before, hint(5, 'a change of size or mtime must change the ETag')).toBeDefined();
      expect(after).not.toBe(before);
    });
  });

  describe('If-None-Match (weak comparison, RFC 9110 §13.1.2)', () => {
    it('answers 304 when it lists the current ETag', async () => {
      const server = await start();
      const etag = await helloEtag(server);
      const res = await get(server, '/hello.txt', { 'If-None-Match': etag });
      expect(res.status, hint(5, 'If-None-Match holds the current ETag: 304')).toBe(304);
    });

    it('sends the ETag but no Content-Type, Content-Length or body on a 304 (§15.4.5)', async () => {
      const why = hint(5, 'a 304 carries ETag, Last-Modified and Date, no body fields');
      const server = await start();
      const etag = await helloEtag(server);
      const res = await get(server, '/hello.txt', { 'If-None-Match': etag });
      expect(res.headers.etag, why).toBe(etag);
      expect(res.headers['content-type'], why).toBeUndefined();
      expect(res.headers['content-length'], why).toBeUndefined();
      expect(res.raw.toString('latin1').endsWith('\r\n\r\n'), why).toBe(true);
    });

    it('matches a weak W/ form of the ETag', async () => {
      const server = await start();
      const etag = await helloEtag(server);
      expect(
        (await get(server, '/hello.txt', { 'If-None-Match': `W/${etag}` })).status,
        hint(5, 'If-None-Match uses weak comparison: drop W/ before comparing'),
      ).toBe(304);
    });

    it('matches the ETag anywhere in a list', async () => {
      const server = await start();
      const etag = await helloEtag(server);
      const list = `"nope", W/"other",${etag}, "last"`;
      expect(
        (await get(server, '/hello.txt', { 'If-None-Match': list })).status,
        hint(5, 'split If-None-Match on commas and trim'),
      ).toBe(304);
    });

    it('matches "*" for an existing file', async () => {
      const server = await start();
      expect(
        (await get(server, '/hello.txt', { 'If-None-Match': '*' })).status,
        hint(5, '"*" matches any current representation'),
      ).toBe(304);
    });

    it('answers 200 with the body when no listed tag matches', async () => {
      const why = hint(5, 'no match: a normal 200');
      const server = await start();
      const res = await get(server, '/hello.txt', { 'If-None-Match': '"nope", W/"other"' });
      expect(res.status, why).toBe(200);
      expect(res.body.toString(), why).toBe(HELLO);
    });

    it('does not match an unquoted tag', async () => {
      const server = await start();
      const etag = await helloEtag(server);
      const res = await get(server, '/hello.txt', { 'If-None-Match': etag.slice(1, -1) });
      expect(res.status, hint(5, 'entity-tags are quoted: compare the quoted form')).toBe(200);
    });

    it('answers HEAD with 304 too', async () => {
      const server = await start();
      const etag = await helloEtag(server);
      expect(
        (await get(server, '/hello.txt', { 'If-None-Match': etag }, 'HEAD')).status,
        hint(5, 'conditional GET rules apply to HEAD'),
      ).toBe(304);
    });
  });

  describe('If-Modified-Since', () => {
    it('answers 304 when the file is not newer than the date', async () => {
      const why = hint(5, 'If-Modified-Since: 304 when mtime (seconds) <= the date');
      const server = await start();
      expect(
        (await get(server, '/hello.txt', { 'If-Modified-Since': HELLO_LAST_MODIFIED })).status,
        why,
      ).toBe(304);
      const later = 'Wed, 03 Jan 2024 00:00:00 GMT';
      expect((await get(server, '/hello.txt', { 'If-Modified-Since': later })).status, why).toBe(
        304,
      );
    });

    it('answers 200 when the file changed after the date', async () => {
      const server = await start();
      const earlier = 'Tue, 02 Jan 2024 03:04:04 GMT';
      expect(
        (await get(server, '/hello.txt', { 'If-Modified-Since': earlier })).status,
        hint(5, 'mtime after the date: 200'),
      ).toBe(200);
    });

    it('ignores an invalid date (200)', async () => {
      const server = await start();
      for (const bad of ['yesterday', '1', 'Tue, 32 Jan 2024 00:00:00 GMT']) {
        expect((await get(server, '/hello.txt', { 'If-Modified-Since': bad })).status, bad).toBe(
          200,
        );
      }
    });

    it('is ignored when If-None-Match is present (RFC 9110 §13.1.3)', async () => {
      const server = await start();
      const res = await get(server, '/hello.txt', {
        'If-None-Match': '"something-else"',
        'If-Modified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT',
      });
      expect(res.status, hint(5, 'If-None-Match present: skip If-Modified-Since')).toBe(200);
    });
  });

  describe('If-Match (strong comparison, RFC 9110 §13.1.1)', () => {
    it('answers 412 when it does not list the current ETag', async () => {
      const why = hint(5, 'If-Match without the current ETag: 412');
      const server = await start();
      const res = await get(server, '/hello.txt', { 'If-Match': '"stale"' });
      expect(res.status, why).toBe(412);
      expect(res.reason, why).toBe('Precondition Failed');
    });

    it('answers 200 when it lists the current ETag, or "*"', async () => {
      const why = hint(5, 'If-Match with the current ETag or "*" passes');
      const server = await start();
      const etag = await helloEtag(server);
      expect((await get(server, '/hello.txt', { 'If-Match': `"a", ${etag}` })).status, why).toBe(
        200,
      );
      expect((await get(server, '/hello.txt', { 'If-Match': '*' })).status, why).toBe(200);
    });

    it('never matches a weak tag: W/ of the current ETag is 412', async () => {
      const server = await start();
      const etag = await helloEtag(server);
      expect(
        (await get(server, '/hello.txt', { 'If-Match': `W/${etag}` })).status,
        hint(5, 'If-Match uses strong comparison: W/ never matches'),
      ).toBe(412);
    });
  });

  describe('If-Unmodified-Since', () => {
    it('answers 412 when the file changed after the date', async () => {
      const server = await start();
      const earlier = 'Tue, 02 Jan 2024 03:04:04 GMT';
      expect(
        (await get(server, '/hello.txt', { 'If-Unmodified-Since': earlier })).status,
        hint(5, 'If-Unmodified-Since: 412 when mtime is after the date'),
      ).toBe(412);
    });

    it('answers 200 when the file is not newer than the date', async () => {
      const server = await start();
      expect(
        (await get(server, '/hello.txt', { 'If-Unmodified-Since': HELLO_LAST_MODIFIED })).status,
        hint(5, 'mtime not after the date: the request goes on'),
      ).toBe(200);
    });

    it('is ignored when If-Match is present (RFC 9110 §13.1.4)', async () => {
      const server = await start();
      const etag = await helloEtag(server);
      const res = await get(server, '/hello.txt', {
        'If-Match': etag,
        'If-Unmodified-Since': 'Mon, 01 Jan 1990 00:00:00 GMT',
      });
      expect(res.status, hint(5, 'If-Match present: skip If-Unmodified-Since')).toBe(200);
    });

    it('ignores an invalid date (200)', async () => {
      const server = await start();
      expect(
        (await get(server, '/hello.txt', { 'If-Unmodified-Since': 'garbage' })).status,
        STAGE_HINT,
      ).toBe(200);
    });
  });

  describe('precedence (RFC 9110 §13.2.2)', () => {
    it('evaluates If-Match before If-None-Match: 412 wins over 304', async () => {
      const server = await start();
      const etag = await helloEtag(server);
      const res = await get(server, '/hello.txt', { 'If-Match': '"stale"', 'If-None-Match': etag });
      expect(
        res.status,
        hint(
          5,
          'RFC 9110 §13.2.2 order: If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since',
        ),
      ).toBe(412);
    });

    it('evaluates If-Unmodified-Since before If-Modified-Since', async () => {
      const server = await start();
      const res = await get(server, '/hello.txt', {
        'If-Unmodified-Since': 'Mon, 01 Jan 1990 00:00:00 GMT',
        'If-Modified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT',
      });
      expect(
        res.status,
        hint(5, 'RFC 9110 §13.2.2 order: preconditions before conditional GET'),
      ).toBe(412);
    });
  });

  describe('parseHttpDate (RFC 9110 §5.6.7)', () => {
    it.each([
      ['Sun, 06 Nov 1994 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
      ['Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
      ['Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
      ['Thu Feb 29 23:59:59 2024', Date.UTC(2024, 1, 29, 23, 59, 59)],
      ['Friday, 01-Jan-27 00:00:00 GMT', Date.UTC(2027, 0, 1)],
      ['Tue, 31 Dec 2024 00:00:00 GMT', Date.UTC(2024, 11, 31)],
    ])('reads %j', (value, ms) => {
      expect(
        parseHttpDate(value),
        hint(5, 'parseHttpDate reads IMF-fixdate, rfc850 and asctime, in UTC'),
      ).toBe(ms);
    });

    it('reads a two-digit year as at most 50 years ahead (§5.6.7)', () => {
      const why = hint(5, 'a two-digit year more than 50 years ahead is in the past century');
      const year = new Date().getUTCFullYear();
      const yy = (y: number) => String(y % 100).padStart(2, '0');
      const at = (y: number) => parseHttpDate(`Monday, 01-Jan-${yy(y)} 00:00:00 GMT`);
      expect(at(year + 50), why).toBe(Date.UTC(year + 50, 0, 1));
      expect(at(year + 51), why).toBe(Date.UTC(year + 51 - 100, 0, 1));
    });

    it.each([
      'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sun, 6 Nov 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 24:00:00 GMT',
      'Sun, 06 Nov 1994 08:60:00 GMT',
      'Sun, 06 Nov 1994 08:49:60 GMT',
      'Fri, 30 Feb 2024 00:00:00 GMT',
      'Sun, 06 Foo 1994 08:49:37 GMT',
      ' Sun, 06 Nov 1994 08:49:37 GMT x',
      'xSun, 06 Nov 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 08:49:37 GMTx',
      'xSunday, 06-Nov-94 08:49:37 GMT',
      'Sunday, 06-Nov-94 08:49:37 GMTx',
      'xSun Nov  6 08:49:37 1994',
      'Sun Nov  6 08:49:37 19945',
      'Sun Nov 6 08:49:37 1994',
      '1994-11-06T08:49:37Z',
      '784111777',
      '',
    ])('refuses %j', (value) => {
      expect(parseHttpDate(value), hint(5, 'an invalid HTTP-date is undefined')).toBeUndefined();
    });
  });
});
