import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { parseRobots, Robots } from '../src/index.ts';

const UA = 'HBU-Crawler/1.0';
const allowed = (robots: string, path: string, ua = UA): boolean =>
  parseRobots(robots).isAllowed(path, ua);

describe('8. robots.txt', () => {
  describe('groups and user agents (RFC 9309 §2.2.1)', () => {
    const txt =
      'User-agent: *\nDisallow: /private\n\nUser-agent: hbu-crawler\nDisallow: /only-for-us\n';

    it('applies the group naming the crawler’s product token, case-insensitively', () => {
      expect(
        allowed(txt, '/only-for-us'),
        hint(8, 'match "HBU-Crawler/1.0" by its product token "hbu-crawler"'),
      ).toBe(false);
      expect(
        allowed(txt, '/private'),
        hint(8, 'a matching group replaces the * group; it does not add to it'),
      ).toBe(true);
    });

    it('applies the * group to other crawlers', () => {
      expect(allowed(txt, '/private', 'OtherBot/2.0')).toBe(false);
      expect(allowed(txt, '/only-for-us', 'OtherBot/2.0')).toBe(true);
    });

    it('allows everything when no group applies', () => {
      expect(allowed('User-agent: somebot\nDisallow: /\n', '/anything')).toBe(true);
    });

    it('reads several user-agent lines as one group', () => {
      const two = 'User-agent: a\nUser-agent: hbu-crawler\nDisallow: /x\n';
      expect(allowed(two, '/x')).toBe(false);
      expect(allowed(two, '/x', 'a')).toBe(false);
    });

    it('merges groups that name the same crawler', () => {
      const split =
        'User-agent: hbu-crawler\nDisallow: /a\n\nUser-agent: other\nDisallow: /\n\nUser-agent: HBU-crawler\nDisallow: /b\n';
      expect(allowed(split, '/a'), hint(8, 'all groups for one token are combined')).toBe(false);
      expect(allowed(split, '/b')).toBe(false);
      expect(allowed(split, '/c')).toBe(true);
    });

    it('ignores rules before any user-agent line', () => {
      expect(allowed('Disallow: /\nUser-agent: *\nDisallow: /x\n', '/y')).toBe(true);
    });

    it('treats an empty Disallow as allowing everything', () => {
      expect(allowed('User-agent: *\nDisallow:\n', '/')).toBe(true);
    });

    it('reads keys in any case, with spaces around the colon, and comments', () => {
      expect(allowed('USER-AGENT :  *   # everyone\nDISALLOW  :  /tmp  # temp\n', '/tmp/x')).toBe(
        false,
      );
    });
  });

  describe('rules (RFC 9309 §2.2.2)', () => {
    it('matches a rule as a path prefix', () => {
      const t = 'User-agent: *\nDisallow: /fish\n';
      expect(allowed(t, '/fish')).toBe(false);
      expect(allowed(t, '/fish.html')).toBe(false);
      expect(allowed(t, '/fishheads/yummy.html')).toBe(false);
      expect(allowed(t, '/Fish.asp'), hint(8, 'paths are case-sensitive')).toBe(true);
      expect(allowed(t, '/catfish')).toBe(true);
    });

    it('matches the query too', () => {
      expect(allowed('User-agent: *\nDisallow: /search?q=\n', '/search?q=x')).toBe(false);
      expect(allowed('User-agent: *\nDisallow: /search?q=\n', '/search')).toBe(true);
    });

    it('lets the longest matching rule win', () => {
      const t = 'User-agent: *\nDisallow: /a\nAllow: /a/b\nDisallow: /a/b/c\n';
      expect(allowed(t, '/a/x')).toBe(false);
      expect(allowed(t, '/a/b/x'), hint(8, 'most specific = most octets in the pattern')).toBe(
        true,
      );
      expect(allowed(t, '/a/b/c/x')).toBe(false);
    });

    it('lets allow win a tie', () => {
      expect(
        allowed('User-agent: *\nDisallow: /page\nAllow: /page\n', '/page'),
        hint(8, 'equal length: the least restrictive, allow'),
      ).toBe(true);
    });

    it('reads * as any sequence of characters', () => {
      const t = 'User-agent: *\nDisallow: /*.php\n';
      expect(allowed(t, '/index.php')).toBe(false);
      expect(allowed(t, '/dir/file.php?x=1')).toBe(false);
      expect(allowed(t, '/index.html')).toBe(true);
    });

    it('reads a final $ as the end of the path', () => {
      const t = 'User-agent: *\nDisallow: /*.php$\n';
      expect(allowed(t, '/index.php')).toBe(false);
      expect(allowed(t, '/index.php?x'), hint(8, '$ anchors at the end')).toBe(true);
      expect(allowed(t, '/index.phps')).toBe(true);
    });

    it('always allows /robots.txt', () => {
      expect(
        allowed('User-agent: *\nDisallow: /\n', '/robots.txt'),
        hint(8, 'RFC 9309 §2.2.2: implicitly allowed'),
      ).toBe(true);
    });

    it('compares non-ASCII paths in percent-encoded form', () => {
      const t = 'User-agent: *\nDisallow: /café\n';
      expect(allowed(t, '/caf%C3%A9/menu')).toBe(false);
      expect(allowed(t, '/caf%c3%a9'), hint(8, 'upper-case the hex of escapes on both sides')).toBe(
        false,
      );
    });

    it('takes an absolute URL and uses its path and query', () => {
      expect(
        parseRobots('User-agent: *\nDisallow: /x\n').isAllowed('http://site.test/x?y', UA),
      ).toBe(false);
    });
  });

  describe('the file (RFC 9309 §2.3)', () => {
    it('accepts CR, LF and CRLF line endings', () => {
      expect(allowed('User-agent: *\rDisallow: /cr\r', '/cr')).toBe(false);
      expect(allowed('User-agent: *\r\nDisallow: /crlf\r\n', '/crlf')).toBe(false);
    });

    it('ignores a UTF-8 byte order mark', () => {
      const bytes = new Uint8Array([
        0xef,
        0xbb,
        0xbf,
        ...new TextEncoder().encode('User-agent: *\nDisallow: /bom\n'),
      ]);
      expect(
        parseRobots(bytes).isAllowed('/bom', UA),
        hint(8, 'a BOM glued to "User-agent" hides the first group'),
      ).toBe(false);
    });

    it('parses the first 500 KiB and ignores the rest', () => {
      const padding = `# ${'x'.repeat(600 * 1024)}\n`;
      expect(
        allowed(`User-agent: *\nDisallow: /early\n${padding}Disallow: /late\n`, '/early'),
      ).toBe(false);
      expect(
        allowed(`User-agent: *\nDisallow: /early\n${padding}Disallow: /late\n`, '/late'),
        hint(8, 'stop at 500 KiB'),
      ).toBe(true);
    });

    it('reads Crawl-delay of the group that applies', () => {
      const t =
        'User-agent: *\nCrawl-delay: 10\n\nUser-agent: hbu-crawler\nCrawl-delay: 0.5\nDisallow:\n';
      expect(parseRobots(t).crawlDelay(UA)).toBe(0.5);
      expect(parseRobots(t).crawlDelay('other')).toBe(10);
      expect(parseRobots('User-agent: *\nDisallow: /\n').crawlDelay(UA)).toBeUndefined();
    });

    it('collects Sitemap lines wherever they are', () => {
      expect(
        parseRobots(
          'Sitemap: http://s.test/a.xml\nUser-agent: *\nDisallow:\nSitemap: http://s.test/b.xml\n',
        ).sitemaps,
      ).toEqual(['http://s.test/a.xml', 'http://s.test/b.xml']);
    });

    it('has allow-all and disallow-all policies for missing and unreachable files', () => {
      expect(Robots.allowAll().isAllowed('/x', UA)).toBe(true);
      expect(
        Robots.disallowAll().isAllowed('/x', UA),
        hint(8, '5xx: assume complete disallow'),
      ).toBe(false);
    });

    it('matches a pathological pattern quickly (no backtracking regex)', () => {
      const t = `User-agent: *\nDisallow: /${'*a'.repeat(30)}b\n`;
      const path = `/${'a'.repeat(5000)}`;
      expect(allowed(t, path), hint(8, 'walk positions; never build a regex from the file')).toBe(
        true,
      );
    });
  });
});
