import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { extractLinks } from '../src/index.ts';

const BASE = 'http://site.test/dir/page.html';
const urls = (html: string, base = BASE): string[] => extractLinks(html, base).map((l) => l.url);
const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('5. Extract links', () => {
  describe('the tricky page (test/fixtures/tricky-links.html)', () => {
    const found = (): string[] => urls(fixture('tricky-links.html'), 'http://site.test/');

    it('finds exactly the links a browser without scripts would see, in document order', () => {
      expect(found(), hint(5, 'tokenize, do not search the text')).toEqual([
        'http://site.test/style.css',
        'http://site.test/upper-case',
        'http://site.test/single-quoted',
        'http://site.test/unquoted',
        'http://site.test/spaced',
        'http://site.test/first',
        'http://site.test/entities?a=1&b=2',
        'http://site.test/legacy?x=1&copy=2',
        'http://site.test/multi-line',
        'http://site.test/in-noscript',
        'http://site.test/logo.png',
        'http://site.test/#section',
        'mailto:someone@example.com',
      ]);
    });

    it('skips a link inside a comment', () => {
      expect(found(), hint(5, '<!-- … --> is one token')).not.toContain(
        'http://site.test/in-comment',
      );
    });

    it('skips links in <script> text', () => {
      expect(found(), hint(5, 'script content is raw text up to </script>')).not.toContain(
        'http://site.test/in-script',
      );
      expect(found()).not.toContain('http://site.test/written-by-script');
    });

    it('skips selectors in <style> text', () => {
      expect(found()).not.toContain('http://site.test/in-style');
    });

    it('skips links in <textarea> text', () => {
      expect(found(), hint(5, 'textarea content is RCDATA')).not.toContain(
        'http://site.test/in-textarea',
      );
    });

    it('skips links inside <template>', () => {
      expect(found(), hint(5, 'template content is inert')).not.toContain(
        'http://site.test/in-template',
      );
    });

    it('skips data-href', () => {
      expect(found(), hint(5, 'match attribute names exactly, not a substring')).not.toContain(
        'http://site.test/not-a-link',
      );
    });

    it('keeps the first of duplicate attributes', () => {
      expect(found(), hint(5, 'a repeated attribute is dropped')).not.toContain(
        'http://site.test/second',
      );
    });
  });

  describe('attribute syntax', () => {
    it('reads double-quoted, single-quoted and unquoted values', () => {
      expect(urls('<a href="/d"></a><a href=\'/s\'></a><a href=/u></a>')).toEqual([
        'http://site.test/d',
        'http://site.test/s',
        'http://site.test/u',
      ]);
    });

    it('reads an unquoted value up to whitespace or ">"', () => {
      expect(urls('<a href=/x?a=1&amp;b=2>t</a><a href=/y class=c>')).toEqual([
        'http://site.test/x?a=1&b=2',
        'http://site.test/y',
      ]);
    });

    it('keeps ">" and quotes of the other kind inside a quoted value', () => {
      expect(urls("<a href=\"/a>b\" title='x'>t</a><a href='/c\"d'>")).toEqual([
        'http://site.test/a%3Eb',
        'http://site.test/c%22d',
      ]);
    });

    it('matches tag and attribute names in any case', () => {
      expect(urls('<A HREF="/1"></A><a HrEf="/2"></a><IMG SRC="/3">')).toEqual([
        'http://site.test/1',
        'http://site.test/2',
        'http://site.test/3',
      ]);
    });

    it('accepts spaces and newlines around "="', () => {
      expect(urls('<a\nhref\n=\n"/n">x</a>')).toEqual(['http://site.test/n']);
    });

    it('reads an attribute after a quoted value with no space before it', () => {
      expect(urls('<a title="t"href="/glued">x</a>')).toEqual(['http://site.test/glued']);
    });

    it('reads a self-closing tag', () => {
      expect(urls('<link rel="icon" href="/favicon.ico"/>')).toEqual([
        'http://site.test/favicon.ico',
      ]);
    });

    it('ignores a tag cut off by the end of the document', () => {
      expect(urls('<a href="/ok">ok</a><a href="/cut')).toEqual(['http://site.test/ok']);
      // The value is complete, the tag is not: still no tag.
      expect(urls('<a href="/ok">ok</a><a href="/cut" class="x')).toEqual(['http://site.test/ok']);
    });

    it('does not read "<" followed by a non-letter as a tag', () => {
      expect(urls('1 < 2 <3 <= 4 <a href="/real">')).toEqual(['http://site.test/real']);
    });

    it('does not read markup shown as text (&lt;a href="…"&gt; in a code sample)', () => {
      expect(
        urls('<pre>&lt;a href="/example"&gt;</pre><a href="/real">'),
        hint(5, 'an escaped "<" is text, not the start of a tag'),
      ).toEqual(['http://site.test/real']);
    });
  });

  describe('separators and raw text, as browsers read them', () => {
    it('separates attributes by tab, form feed, LF, CR and CR LF', () => {
      expect(
        urls(
          '<a\thref="/t"></a><a\fhref="/f"></a><a\nhref="/n"></a><a\rhref="/r"></a><a\r\nhref="/rn"></a>',
        ),
        hint(5, 'CR and CR LF become LF first; tab and FF are whitespace too'),
      ).toEqual([
        'http://site.test/t',
        'http://site.test/f',
        'http://site.test/n',
        'http://site.test/r',
        'http://site.test/rn',
      ]);
    });

    it('ends a tag name at "/" and reads the attribute after it', () => {
      expect(urls('<a/href="/s">x</a>'), hint(5, '"/" ends the tag name')).toEqual([
        'http://site.test/s',
      ]);
    });

    it('reads an attribute without a value as ""', () => {
      expect(urls('<a href>x</a>'), hint(5, 'no "=": the value is empty')).toEqual([BASE]);
    });

    it('skips tags inside every raw text element', () => {
      expect(
        urls(
          ['style', 'xmp', 'iframe', 'noembed', 'noframes', 'script']
            .map((t) => `<${t}><a href="/in-${t}"></${t}>`)
            .join('') + '<a href="/out">',
        ),
        hint(5, 'raw text: script, style, xmp, iframe, noembed, noframes'),
      ).toEqual(['http://site.test/out']);
    });

    it('leaves out a value that cannot be made a URL, and keeps the others', () => {
      expect(
        urls('<a href="http://[::1/">x</a><a href="/ok">'),
        hint(5, 'a value that is still not a URI after encoding is left out'),
      ).toEqual(['http://site.test/ok']);
    });

    it('has no rel key when the element has no rel', () => {
      const [link] = extractLinks('<a href="/x">', BASE);
      expect(Object.keys(link ?? {}).sort(), hint(5, 'rel only when present')).toEqual([
        'attr',
        'tag',
        'url',
      ]);
    });
  });

  describe('character references (HTML §13.2.5.72)', () => {
    it('decodes named references: &amp; &lt; &quot;', () => {
      expect(urls('<a href="/q?a=1&amp;b=&lt;&quot;">')).toEqual([
        'http://site.test/q?a=1&b=%3C%22',
      ]);
    });

    it('decodes decimal and hex references', () => {
      expect(urls('<a href="/&#112;&#x61;&#X74;h">')).toEqual(['http://site.test/path']);
    });

    it('decodes &amp without its semicolon when no letter, digit or "=" follows', () => {
      expect(urls('<a href="/q?a=1&amp">')).toEqual(['http://site.test/q?a=1&']);
      expect(
        urls('<a href="/q?a=1&ampb=2">'),
        hint(5, 'here "&amp" is followed by a letter: kept'),
      ).toEqual(['http://site.test/q?a=1&ampb=2']);
    });

    it('leaves a legacy reference followed by "=" alone in an attribute', () => {
      expect(
        urls('<a href="/q?x=1&not=2&lt=3">'),
        hint(5, 'in attributes, "&not=" is not "¬="'),
      ).toEqual(['http://site.test/q?x=1&not=2&lt=3']);
    });

    it('leaves an unknown name as written', () => {
      expect(urls('<a href="/q?a=1&bogus;=2">')).toEqual(['http://site.test/q?a=1&bogus;=2']);
    });
  });

  describe('what is not markup', () => {
    it('skips comments, including "<!-->" and "--!>" endings', () => {
      expect(
        urls(
          '<!--><a href="/after-empty"><!-- x --!><a href="/after-bang"><!-- <a href="/in"> -->',
        ),
      ).toEqual(['http://site.test/after-empty', 'http://site.test/after-bang']);
    });

    it('skips a comment whose text contains "-->"-like text only at its real end', () => {
      expect(urls('<!-- a -- b <a href="/no"> --><a href="/yes">')).toEqual([
        'http://site.test/yes',
      ]);
    });

    it('ends <script> only at </script>, in any case', () => {
      expect(
        urls(`<script>var s = '</scr' + 'ipt><a href="/no">';</SCRIPT ><a href="/yes">`),
      ).toEqual(['http://site.test/yes']);
    });

    it('does not end <script> at "</scripts>"', () => {
      expect(urls('<script>x = "</scripts><a href=/no>"</script><a href=/yes>')).toEqual([
        'http://site.test/yes',
      ]);
    });

    it('skips a DOCTYPE, a processing instruction and CDATA in HTML', () => {
      expect(urls('<!DOCTYPE html><?xml version="1.0"?><![CDATA[ x ]]><a href=/ok>')).toEqual([
        'http://site.test/ok',
      ]);
    });

    it('reads links inside <noscript> (a crawler runs no scripts)', () => {
      expect(urls('<noscript><a href="/ns">x</a></noscript>')).toEqual(['http://site.test/ns']);
    });

    it('skips links in nested templates, and reads the ones after', () => {
      expect(
        urls('<template><template><a href=/t2></template><a href=/t1></template><a href=/out>'),
      ).toEqual(['http://site.test/out']);
    });
  });

  describe('resolution', () => {
    it('resolves relative references against the document URL', () => {
      expect(
        urls(
          '<a href="other.html"><a href="../up"><a href="/root"><a href="?q"><a href="//cdn.test/x">',
        ),
      ).toEqual([
        'http://site.test/dir/other.html',
        'http://site.test/up',
        'http://site.test/root',
        'http://site.test/dir/page.html?q',
        'http://cdn.test/x',
      ]);
    });

    it('resolves against the first <base href>, even for links before it', () => {
      expect(
        urls('<a href="a"><base href="http://other.test/b/"><base href="/ignored/"><a href="c">'),
      ).toEqual(['http://other.test/b/a', 'http://other.test/b/c']);
    });

    it('resolves a relative <base href> against the document URL', () => {
      expect(urls('<base href="/sub/"><a href="x">')).toEqual(['http://site.test/sub/x']);
    });

    it('strips surrounding whitespace and removes tabs and newlines from a URL', () => {
      expect(urls('<a href="  /a\n/b\t ">')).toEqual(['http://site.test/a/b']);
    });

    it('percent-encodes spaces and non-ASCII characters', () => {
      expect(urls('<a href="/a b/café">')).toEqual(['http://site.test/a%20b/caf%C3%A9']);
    });

    it('keeps an empty href as the document itself', () => {
      expect(urls('<a href="">')).toEqual([BASE]);
    });

    it('reports the tag, the attribute and rel', () => {
      expect(
        extractLinks(
          '<a href="/x" rel="NoFollow">x</a><script src="/s.js"></script><iframe src="/f">',
          BASE,
        ),
      ).toEqual([
        { url: 'http://site.test/x', tag: 'a', attr: 'href', rel: 'nofollow' },
        { url: 'http://site.test/s.js', tag: 'script', attr: 'src' },
        { url: 'http://site.test/f', tag: 'iframe', attr: 'src' },
      ]);
    });

    it('reads href of area and link, src of img', () => {
      expect(
        extractLinks('<map><area href="/m"></map><link href="/l"><img src="/i">', BASE).map(
          (l) => `${l.tag}:${l.attr}`,
        ),
      ).toEqual(['area:href', 'link:href', 'img:src']);
    });

    it('ignores src on a and href on img', () => {
      expect(urls('<a src="/no"><img href="/no">')).toEqual([]);
    });
  });
});
