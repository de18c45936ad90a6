import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { get, text, useWebRoot, XSS_DIR, XSS_FILE } from './helpers.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  3,
  'a directory without its trailing slash is a 301, before any index lookup',
);

const { start } = useWebRoot();

describe('3. Directories', () => {
  describe('with an index file', () => {
    it('serves index.html for "/"', async () => {
      const why = hint(3, 'a directory path ending in "/": try the index names');
      const server = await start();
      const res = await get(server, '/');
      expect(res.status, why).toBe(200);
      expect(text(res), why).toContain('the root index page');
      expect(res.headers['content-type'], why).toBe('text/html; charset=utf-8');
    });

    it('serves the nested index of "/sub/" and of "/sub/deeper/"', async () => {
      const why = hint(3, 'index lookup works in every directory');
      const server = await start();
      expect(text(await get(server, '/sub/')), why).toContain('sub index');
      expect(text(await get(server, '/sub/deeper/')), why).toContain('deeper index');
    });

    it('tries the index names in the order given', async () => {
      const why = hint(3, 'try options.index in order; the first that exists wins');
      const server = await start({ index: ['index.htm', 'index.html'] });
      expect(text(await get(server, '/index-order/')), why).toContain('index.htm wins');
      const other = await start({ index: ['missing.html', 'index.html'] });
      expect(text(await get(other, '/index-order/')), why).toContain('<title>index.html</title>');
    });

    it('serves no index when the index list is empty (403 without listing)', async () => {
      const server = await start({ index: [] });
      expect(
        (await get(server, '/sub/')).status,
        hint(3, 'index: [] means no index; without listing that is 403'),
      ).toBe(403);
    });
  });

  describe('without a trailing slash', () => {
    it('redirects "/sub" with 301 to "/sub/"', async () => {
      const why = hint(3, 'a directory without a trailing slash: 301 to path + "/"');
      const server = await start();
      const res = await get(server, '/sub');
      expect(res.status, why).toBe(301);
      expect(res.headers.location, why).toBe('/sub/');
    });

    it('keeps the query string in the redirect', async () => {
      const server = await start();
      expect(
        (await get(server, '/sub?a=1&b=2')).headers.location,
        hint(3, 'append the original query to Location'),
      ).toBe('/sub/?a=1&b=2');
    });

    it('redirects HEAD too, without a body', async () => {
      const why = hint(3, 'HEAD gets the same 301, head only');
      const server = await start();
      const res = await get(server, '/sub', {}, 'HEAD');
      expect(res.status, why).toBe(301);
      expect(res.body.length, why).toBe(0);
    });

    it('never redirects to "//host": "//www.example.com" → "/www.example.com/" (CVE-2015-1164)', async () => {
      const server = await start();
      const res = await get(server, '//www.example.com');
      expect(res.status, STAGE_HINT).toBe(301);
      expect(res.headers.location, STAGE_HINT).toBe('/www.example.com/');
    });

    it('never redirects to "//host" through an encoded slash: "/%2Fwww.example.com"', async () => {
      const why = hint(3, 'build Location from the decoded path, then collapse leading slashes');
      const server = await start();
      const res = await get(server, '/%2Fwww.example.com');
      expect(res.status, why).toBe(301);
      expect(res.headers.location, why).toMatch(/^\/[^/\\]/);
    });

    it('percent-encodes the Location path ("/snow ☃" style names)', async () => {
      const why = hint(3, 'encode each segment of the Location path');
      const server = await start();
      const res = await get(server, `/${encodeURIComponent(XSS_DIR)}`);
      expect(res.status, why).toBe(301);
      expect(res.headers.location, why).toBe(`/${encodeURIComponent(XSS_DIR)}/`);
    });

    it('HTML-escapes the redirect page body (CVE-2024-43799)', async () => {
      const server = await start();
      const res = await get(server, `/${encodeURIComponent(XSS_DIR)}`);
      expect(text(res)).not.toContain('<svg');
    });
  });

  describe('without an index file', () => {
    it('answers 403 when listing is off (the default)', async () => {
      const server = await start();
      expect(
        (await get(server, '/plain-dir/')).status,
        hint(3, 'a directory without index and without listing is 403'),
      ).toBe(403);
    });

    it('lists the entries as HTML when listing is on', async () => {
      const why = hint(3, 'readdir, sort, write one link per entry');
      const server = await start({ listing: true });
      const res = await get(server, '/listing/');
      expect(res.status, why).toBe(200);
      expect(res.headers['content-type'], why).toBe('text/html; charset=utf-8');
      const html = text(res);
      expect(html, why).toContain('alpha.txt');
      expect(html, why).toContain('b-dir/');
    });

    it('links every entry with a percent-encoded href', async () => {
      const why = hint(3, 'encodeURIComponent each name in href');
      const server = await start({ listing: true });
      const html = text(await get(server, '/listing/'));
      expect(html, why).toMatch(/href="(\.\/|\/listing\/)?snow%20%E2%98%83\.txt"/);
      expect(html, why).toMatch(/href="(\.\/|\/listing\/)?b-dir\/"/);
    });

    it('HTML-escapes every name (CVE-2024-43799)', async () => {
      const server = await start({ listing: true });
      const html = text(await get(server, '/listing/'));
      expect(html).not.toContain('<img');
      expect(html, hint(3, 'escape every name in the link text')).toContain(
        '&lt;img src=x onerror=alert(1)&gt;',
      );
      expect(html).not.toContain(XSS_FILE);
    });

    it('escapes quotes too, so a name cannot end an attribute value', async () => {
      const server = await start({ listing: true });
      const html = text(await get(server, '/listing/'));
      expect(html).not.toContain('"q"');
      expect(html).not.toContain("'a'");
    });

    it('escapes without losing anything: the link text decodes back to the exact name', async () => {
      const server = await start({ listing: true });
      const html = text(await get(server, '/listing/'));
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      const decode = (s: string): string =>
        s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
          if (body[0] !== '#') return named[body.toLowerCase()] ?? entity;
          const hex = body[1] === 'x' || body[1] === 'X';
          return String.fromCodePoint(Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10));
        });
      const linkTexts = [...html.matchAll(/<a\b[^>]*>([^<]*)<\/a>/g)].map((m) => decode(m[1]!));
      expect(linkTexts, 'hint: escape & < > " \' — each one, never drop it').toContain(XSS_FILE);
    });

    it('lists names in UTF-16 code-unit order, directories with a trailing "/"', async () => {
      const why = hint(3, 'sort with < (UTF-16 code units), add "/" to directories');
      const server = await start({ listing: true });
      const html = text(await get(server, '/listing/'));
      const at = (s: string) => html.indexOf(s);
      expect(at('&lt;img'), why).toBeGreaterThan(-1);
      expect(at('&lt;img'), why).toBeLessThan(at('alpha.txt'));
      expect(at('alpha.txt'), why).toBeLessThan(at('b-dir/'));
      expect(at('b-dir/'), why).toBeLessThan(at('snow ☃.txt'));
    });

    it('escapes the directory name in the listing title too', async () => {
      const why = hint(3, 'the title is HTML too: escape it');
      const server = await start({ listing: true, index: [] });
      const res = await get(server, `/${encodeURIComponent(XSS_DIR)}/`);
      expect(res.status, why).toBe(200);
      expect(text(res), why).toContain('index.html');
      expect(text(res)).not.toContain('<svg');
    });

    it('leaves dotfiles out of the listing unless dotfiles is "allow"', async () => {
      const hidden = await start({ listing: true });
      expect(text(await get(hidden, '/listing/'))).not.toContain('.secret-note');
      const shown = await start({ listing: true, dotfiles: 'allow' });
      expect(
        text(await get(shown, '/listing/')),
        hint(3, 'apply the dotfiles rule to listed names'),
      ).toContain('.secret-note');
    });

    it('still serves an index file when listing is on', async () => {
      const server = await start({ listing: true });
      expect(
        text(await get(server, '/sub/')),
        hint(3, 'index first, listing only when there is no index'),
      ).toContain('sub index');
    });
  });
});
