import { hint } from '@hbu/kata-kit/expect-code';
import { parseFragment } from 'parse5';
import { describe, expect, it } from 'vitest';
import { extractMeta, extractText, extractTitle } from '../src/index.ts';
import { oracleText, oracleTitle } from './html-oracle.ts';

/** The text a browser reads in `<p>…</p>` written with `raw` inside (parse5, the standard's parser). */
function parse5Text(raw: string): string {
  type P5 = { value?: string; childNodes?: P5[] };
  const p = (parseFragment(`<p>${raw}</p>`) as unknown as P5).childNodes?.[0];
  return (p?.childNodes ?? []).map((n) => n.value ?? '').join('');
}

/** `[raw, text]` pairs: the crawler's reading of each beside the browser's. */
function compareText(raws: string[]): { actual: string[][]; expected: string[][] } {
  return {
    actual: raws.map((r) => [r, extractText(`<p>${r}</p>`)]),
    expected: raws.map((r) => [r, parse5Text(r)]),
  };
}

const hex = (n: number): string => n.toString(16).toUpperCase();

describe('6. Title, meta and text', () => {
  describe('extractTitle', () => {
    it('returns the text of <title>, whitespace collapsed', () => {
      expect(
        extractTitle('<head><title>\n  Hello,\n   world  </title></head>'),
        hint(6, 'strip and collapse ASCII whitespace'),
      ).toBe('Hello, world');
    });

    it('decodes character references but reads no tags in a title (RCDATA)', () => {
      expect(
        extractTitle('<title>Tom &amp; Jerry <b>not bold</b></title>'),
        hint(6, 'title content is RCDATA'),
      ).toBe('Tom & Jerry <b>not bold</b>');
    });

    it('takes the first title', () => {
      expect(extractTitle('<title>one</title><title>two</title>')).toBe('one');
    });

    it('returns undefined without a title, and "" for an empty one', () => {
      expect(extractTitle('<p>no title</p>')).toBeUndefined();
      expect(extractTitle('<title></title>')).toBe('');
    });

    it('ignores a title in a comment or a template', () => {
      expect(
        extractTitle(
          '<!-- <title>no</title> --><template><title>no</title></template><title>yes</title>',
        ),
      ).toBe('yes');
    });
  });

  describe('extractMeta', () => {
    it('maps name to content', () => {
      expect(
        extractMeta(
          '<meta name="description" content="A page."><meta name="Robots" content="noindex">',
        ),
      ).toEqual({
        description: 'A page.',
        robots: 'noindex',
      });
    });

    it('maps property (Open Graph) and http-equiv', () => {
      const meta = extractMeta(
        '<meta property="og:title" content="OG"><meta http-equiv="Refresh" content="5; url=/next">',
      );
      expect(meta['og:title']).toBe('OG');
      expect(
        meta['http-equiv:refresh'],
        hint(6, 'http-equiv keys are "http-equiv:" + the lower-cased name'),
      ).toBe('5; url=/next');
    });

    it('reads charset', () => {
      expect(extractMeta('<META CHARSET="windows-1252">').charset).toBe('windows-1252');
    });

    it('keeps the first of a repeated name', () => {
      expect(extractMeta('<meta name="a" content="1"><meta name="a" content="2">').a).toBe('1');
    });

    it('decodes references in content and handles any attribute order and quoting', () => {
      expect(extractMeta("<meta content='Fish &amp; chips' name=menu>").menu).toBe('Fish & chips');
    });

    it('reads only <meta> start tags, and only those with content (or charset)', () => {
      const meta = extractMeta(
        '<div name="d" content="1"><link name="l" content="2"><meta name="a" content="3"></meta><meta name="nocontent"><meta http-equiv="refresh">',
      );
      expect(meta, hint(6, 'a name without content is no entry')).toStrictEqual({ a: '3' });
    });

    it('does not turn "__proto__" into a prototype', () => {
      const meta = extractMeta('<meta name="__proto__" content="x">');
      expect(Object.getPrototypeOf(meta), hint(6, 'build the record safely')).toBe(
        Object.prototype,
      );
      expect(Object.keys(meta)).toEqual(['__proto__']);
    });
  });

  describe('extractText', () => {
    it('returns the visible text with whitespace collapsed', () => {
      expect(
        extractText('<body>\n  <h1>Title</h1>\n  <p>Some   <b>bold</b> text.</p>\n</body>'),
      ).toBe('Title Some bold text.');
    });

    it('separates block elements by a space', () => {
      expect(
        extractText('<div>one</div><div>two</div><p>three</p>four<br>five'),
        hint(6, 'blocks and <br> end words'),
      ).toBe('one two three four five');
    });

    it('does not separate inline elements', () => {
      expect(extractText('<p>un<b>believ</b><i>able</i></p>')).toBe('unbelievable');
    });

    it('leaves out script, style, title, textarea and template', () => {
      expect(
        extractText(
          '<title>T</title><style>p{}</style><script>var x="<p>"</script><textarea>v</textarea><template>t</template><p>shown</p>',
        ),
        hint(6, 'skip their content'),
      ).toBe('shown');
    });

    it('ignores stray end tags of hidden elements and templates', () => {
      expect(
        extractText('a</script>b</title>c</template>d<template>e</template>f'),
        hint(6, 'only a start tag hides text; an unmatched end tag is nothing'),
      ).toBe('abcdf');
    });

    it('leaves out comments', () => {
      expect(extractText('a<!-- hidden -->b')).toBe('ab');
    });

    it('decodes character references, and keeps &nbsp; (it is not ASCII whitespace)', () => {
      expect(extractText('<p>5&nbsp;&lt;&nbsp;6 &amp;&#x20AC;&#8364;</p>')).toBe(
        '5\u00a0<\u00a06 &€€',
      );
    });

    it('decodes numeric references the way browsers do: &#128; is €, &#0; is U+FFFD', () => {
      expect(
        extractText('&#128;&#x80;&#0;&#xD800;&#x110000;'),
        hint(6, '0x80–0x9F are windows-1252; 0, surrogates, > U+10FFFF are U+FFFD'),
      ).toBe('€€\uFFFD\uFFFD\uFFFD');
    });

    it('decodes a legacy reference without ";" in text, even before a letter', () => {
      expect(extractText('&copy2024 &ampx &notit;')).toBe('©2024 &x ¬it;');
    });
  });

  describe('character references in text (README §5, §6)', () => {
    it('reads every numeric reference 0x80–0x9F as windows-1252, decimal and hex', () => {
      const codes = Array.from({ length: 32 }, (_, i) => 0x80 + i);
      const { actual, expected } = compareText(
        codes.flatMap((c) => [`x&#${c};x`, `x&#x${hex(c)};x`]),
      );
      expect(
        actual,
        hint(6, '0x80–0x9F: the windows-1252 table; 81 8D 8F 90 9D keep their code point'),
      ).toEqual(expected);
    });

    it('reads numeric references at the edges of the ranges the rules name', () => {
      const codes = [0x7f, 0xa0, 0xd7ff, 0xd800, 0xdfff, 0xe000, 0x1f600, 0x10ffff, 0x110000];
      const { actual, expected } = compareText(codes.map((c) => `x&#x${hex(c)};x`));
      expect(actual, hint(6, 'U+FFFD for 0, D800–DFFF and past 10FFFF only')).toEqual(expected);
    });

    it('reads the digits of a numeric reference the way browsers do', () => {
      const { actual, expected } = compareText([
        'x&#65x',
        'x&#x41g',
        'x&#;x',
        'x&#x;x',
        'x&#xZ1;x',
        'x&#a1;x',
        'x&#0065;x',
        'x&#000000000065;x',
        'x&#x000000000041;x',
        `x&#${'1'.repeat(70)};x`,
        `x&#x${'F'.repeat(70)};x`,
      ]);
      expect(
        actual,
        hint(6, 'all the digits belong to the reference; leading zeros do not count'),
      ).toEqual(expected);
    });

    it('decodes a legacy name without ";" in text even before a letter or digit', () => {
      const { actual, expected } = compareText([
        '&amp;x',
        '&ampx',
        '&lt3',
        '&copy=',
        '&notin;',
        '&notin',
        'a&nbspx',
        '&& &;',
        '&hellip',
      ]);
      expect(actual, hint(6, 'the attribute rule is for attributes only')).toEqual(expected);
    });
  });

  describe('markup the tokenizer must get right, read as text (parse5 as the oracle)', () => {
    /** `[html, text]` pairs: extractText beside the text a browser shows. */
    const compareMarkup = (docs: string[]): { actual: string[][]; expected: string[][] } => ({
      actual: docs.map((d) => [d, extractText(d)]),
      expected: docs.map((d) => [d, oracleText(d)]),
    });

    it('reads tags only after "<" and an ASCII letter', () => {
      const { actual, expected } = compareMarkup([
        'a<zz>b</zz>c',
        'a<Zz>b',
        '1 <3 x',
        'a <~b> c',
        'a <_x> c',
        'a <@x> c',
        'a <{x> c',
        'a <`x> c',
        'a <é> c',
      ]);
      expect(actual, hint(5, 'a tag name starts with a-z or A-Z')).toEqual(expected);
    });

    it('ends tag and attribute names at tab, form feed, "/" and ">"', () => {
      const { actual, expected } = compareMarkup([
        'a<br/>b',
        'a<br\t/>b',
        'a<br\f>b',
        'a<p\tclass=x>b</p>c',
        'a<p/>b',
        'a<b/c>d</b>e',
      ]);
      expect(actual, hint(5, 'whitespace is space, tab, LF and FF')).toEqual(expected);
    });

    it('reads line breaks as LF: CR LF and a lone CR', () => {
      const { actual, expected } = compareMarkup(['a\rb\r\nc', 'a<br\rclass=x>b', 'a<br\r\n/>b']);
      expect(actual, hint(5, 'normalize CR LF and lone CR to LF first')).toEqual(expected);
    });

    it('drops a tag cut off by the end of the document', () => {
      const { actual, expected } = compareMarkup([
        '<p>x</p><abc',
        'x<a href=/x ',
        'x<a href=/x',
        'x<a href',
        'x<br/',
        'a</p',
        'a</p class',
      ]);
      expect(actual, hint(5, 'a tag with no ">" is no tag')).toEqual(expected);
    });

    it('reads "</" that starts no end tag the way browsers do', () => {
      const { actual, expected } = compareMarkup(['a</', 'a</>b', 'a</ x>b', 'a</1>b', 'a</-->b']);
      expect(
        actual,
        hint(5, '"</" + non-letter: "</>" is nothing, others a bogus comment'),
      ).toEqual(expected);
    });

    it('ends comments where browsers do', () => {
      const { actual, expected } = compareMarkup([
        'a<!-->b',
        'a<!--->b-->c',
        'a<!---->b',
        'a<!-- never closed',
        'a<!-- x -->b<!-- y --!>c',
        'a<!-- x --!>b',
        'a<!-- x > y -->b',
        'a<!-- x --!> y -->b',
      ]);
      expect(actual, hint(5, '"<!-->", "<!--->", "-->" and "--!>"')).toEqual(expected);
    });

    it('skips DOCTYPE, processing instructions and CDATA as bogus comments up to ">"', () => {
      const { actual, expected } = compareMarkup([
        'a<!DOCTYPE html>b',
        'a<!DOCTYPE',
        'a<?pi?>b',
        'a<? x',
        'a<![CDATA[x]]>b',
      ]);
      expect(actual, hint(5, 'a bogus comment ends at the first ">"')).toEqual(expected);
    });

    it('reads raw text in xmp, iframe, noembed and noframes, and plaintext to the end', () => {
      const { actual, expected } = compareMarkup([
        'z<xmp>&amp;<b>x</b></xmp>y',
        'z<iframe><b>x</b></iframe>y',
        'z<noembed><b>x</b></noembed>y',
        'z<noframes><b>x</b></noframes>y',
        '<xmp>a</xmp/>b',
        '<xmp>a</xmpx>b</xmp>c',
        '<plaintext>a</plaintext><b>c',
        'x<script>a<b>c',
        'x<style>a<b>c',
      ]);
      expect(
        actual,
        hint(5, 'raw text: no tags and no references up to the matching end tag'),
      ).toEqual(expected);
    });

    it('reads RCDATA in a title: references decoded with the text rules, up to </title>', () => {
      const docs = [
        '<title>&copy=x &notit &amp;</title>',
        '<title>a</title/>b',
        '<title>a</titlex>b</title>',
        '<title>abc',
        '<title>a\r\nb</title>',
      ];
      expect(
        docs.map((d) => extractTitle(d)),
        hint(6, 'title content is RCDATA'),
      ).toEqual(docs.map((d) => oracleTitle(d)));
    });
  });
});
