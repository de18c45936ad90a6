/**
 * robots-parser (a production robots.txt parser on npm) as a differential peer. It is not an
 * RFC 9309 oracle, so the generator stays where both follow the RFC. Where they part (and this
 * kata follows the RFC): robots-parser does not strip a UTF-8 BOM, has no 500 KiB limit, and
 * does not treat /robots.txt as always allowed. Those cases have specs of their own (stage 8).
 */

import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import robotsParser from 'robots-parser';
import { describe, expect, it } from 'vitest';
import { pageKey, parseRobots } from '../src/index.ts';

const AGENTS = ['*', 'hbu-crawler', 'HBU-Crawler/2.0', 'otherbot'];
const pathChar = fc.constantFrom('/', 'a', 'b', '?', '=', '.');
const pattern = fc
  .tuple(
    fc.string({ unit: fc.constantFrom('/', 'a', 'b', '*', '?', '=', '.'), maxLength: 6 }),
    fc.boolean(),
  )
  .map(([p, anchored]) => `/${p}${anchored ? '$' : ''}`);
const line = fc.oneof(
  fc.constantFrom(...AGENTS).map((ua) => `User-agent: ${ua}`),
  fc
    .tuple(fc.constantFrom('Allow', 'Disallow', 'allow', 'DISALLOW'), pattern)
    .map(([k, p]) => `${k}: ${p}`),
  fc.constantFrom('', '# comment', 'Disallow:', 'Sitemap: http://h.test/s.xml'),
);
const robotsTxt = fc
  .tuple(fc.array(line, { maxLength: 14 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([lines, eol]) => lines.join(eol));
const path = fc.string({ unit: pathChar, maxLength: 8 }).map((p) => `/${p}`);

describe('11. Properties', () => {
  it('robots.txt decisions agree with robots-parser on generated files (differential)', () => {
    fc.assert(
      fc.property(
        robotsTxt,
        path,
        fc.constantFrom('hbu-crawler/1.0', 'OtherBot', 'nobody'),
        (txt, p, ua) => {
          const peer = robotsParser('http://h.test/robots.txt', txt).isAllowed(
            `http://h.test${p}`,
            ua,
          );
          expect(
            parseRobots(txt).isAllowed(p, ua),
            hint(8, 'group choice, longest match, allow on ties, * and $'),
          ).toBe(peer);
        },
      ),
      fcParams(300),
    );
  });

  it('/robots.txt itself is always allowed, whatever the file says (RFC 9309 §2.2.2)', () => {
    fc.assert(
      fc.property(robotsTxt, (txt) => {
        expect(
          parseRobots(`${txt}\nUser-agent: *\nDisallow: /`).isAllowed('/robots.txt', 'hbu-crawler'),
        ).toBe(true);
      }),
      fcParams(100),
    );
  });

  it('pageKey is idempotent and ignores the fragment', () => {
    const seg = fc.string({
      unit: fc.constantFrom('a', 'B', '.', '%41', '%7e', '~', '-', '_'),
      maxLength: 5,
    });
    const url = fc
      .tuple(
        fc.constantFrom('http', 'HTTP'),
        fc.constantFrom('h.test', 'H.Test'),
        fc.constantFrom('', ':80', ':8080'),
        fc.array(seg, { maxLength: 4 }),
        fc.option(seg, { nil: undefined }),
      )
      .map(
        ([s, h, port, segs, q]) =>
          `${s}://${h}${port}/${segs.join('/')}${q === undefined ? '' : `?${q}`}`,
      );
    fc.assert(
      fc.property(url, seg, (u, frag) => {
        const key = pageKey(u);
        expect(pageKey(key), hint(9, 'a key of a key is the key')).toBe(key);
        expect(pageKey(`${u}#${frag}`)).toBe(key);
        expect(key.includes('#')).toBe(false);
      }),
      fcParams(200),
    );
  });
});
