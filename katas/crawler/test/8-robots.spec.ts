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

  describe('precedence, patterns and records, in any order', () => {
    it('lets allow win a tie when it comes first too', () => {
      expect(
        allowed('User-agent: *\nAllow: /page\nDisallow: /page\n', '/page'),
        hint(8, 'the order of the lines never decides; length, then allow'),
      ).toBe(true);
    });

    it('keeps the longest rule when a shorter one comes after it', () => {
      const t = 'User-agent: *\nAllow: /a/b\nDisallow: /a\n';
      expect(allowed(t, '/a/b/x'), hint(8, 'not the last matching rule: the longest')).toBe(true);
      expect(allowed(t, '/a/x')).toBe(false);
      const u = 'User-agent: *\nDisallow: /a/b\nAllow: /a\n';
      expect(allowed(u, '/a/b'), hint(8, 'a shorter allow does not beat a longer disallow')).toBe(
        false,
      );
      expect(allowed(u, '/a/c')).toBe(true);
    });

    it('reads $ as an anchor only at the end of a pattern', () => {
      const t = 'User-agent: *\nDisallow: /a$b\n';
      expect(allowed(t, '/a$b'), hint(8, 'a $ inside the pattern is a literal $')).toBe(false);
      expect(allowed(t, '/a')).toBe(true);
    });

    it('lets * match the empty string, also before $', () => {
      expect(
        allowed('User-agent: *\nDisallow: /x*$\n', '/x'),
        hint(8, '* may match nothing, up to the end of the path'),
      ).toBe(false);
      expect(allowed('User-agent: *\nDisallow: /a**c\n', '/abc')).toBe(false);
    });

    it('continues * from the earliest position a pattern reached', () => {
      expect(
        allowed('User-agent: *\nDisallow: /*a*ab\n', '/aab'),
        hint(8, 'after "/*a" the pattern may be at /a|ab or at /aa|b'),
      ).toBe(false);
      expect(allowed('User-agent: *\nDisallow: /*a*ab\n', '/abab')).toBe(false);
      expect(allowed('User-agent: *\nDisallow: /*a*ab\n', '/ba')).toBe(true);
    });

    it('percent-encodes every non-ASCII octet, 0x80 included, and upper-cases every escape', () => {
      expect(allowed('User-agent: *\nDisallow: /caf\u00e9\n', '/cafe')).toBe(true);
      expect(
        allowed('User-agent: *\nDisallow: /\u0100\n', '/%C4%80'),
        hint(8, 'U+0100 is the octets C4 80: both are escaped'),
      ).toBe(false);
      expect(allowed('User-agent: *\nDisallow: /a%3Ab\n', '/a%3ab')).toBe(false);
      expect(allowed('User-agent: *\nDisallow: /a%3ab\n', '/a%3Ab')).toBe(false);
      expect(
        allowed('User-agent: *\nDisallow: /a%3Bb\n', '/a%3ab'),
        hint(8, '%3A is not %3B'),
      ).toBe(true);
    });

    it('keeps a group open across comment lines and lines it cannot read', () => {
      for (const between of ['# note: x', 'not a record', ': no key']) {
        const t = `User-agent: a\n${between}\nUser-agent: hbu-crawler\nDisallow: /x\n`;
        expect(
          allowed(t, '/x', 'a/2.0'),
          hint(8, `"${between}" is not a rule: the user-agent lines around it are one group`),
        ).toBe(false);
      }
    });

    it('reads the product token of a user-agent line before its version', () => {
      expect(allowed('User-agent: hbu-crawler /1.0\nDisallow: /x\n', '/x')).toBe(false);
    });

    it('ignores an empty Sitemap line', () => {
      expect(parseRobots('Sitemap:\nUser-agent: *\nDisallow:\n').sitemaps).toEqual([]);
    });

    it('reads a Crawl-delay only when it is a number of seconds, zero or more', () => {
      const delay = (line: string): number | undefined =>
        parseRobots(`User-agent: *\n${line}\n`).crawlDelay(UA);
      expect(delay('Crawl-delay: 0'), hint(8, 'zero is a delay')).toBe(0);
      expect(delay('Crawl-delay: 2.5')).toBe(2.5);
      expect(delay('Crawl-delay:'), hint(8, 'an empty value is no delay')).toBeUndefined();
      expect(delay('Crawl-delay: soon')).toBeUndefined();
      expect(delay('Crawl-delay: -1'), hint(8, 'a negative delay is no delay')).toBeUndefined();
      expect(delay('Crawl-delay: Infinity')).toBeUndefined();
      expect(delay('Request-rate: 5'), hint(8, 'only the Crawl-delay record')).toBeUndefined();
    });
  });
});
