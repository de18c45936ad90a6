import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { extractMeta, extractText, extractTitle } from '../src/index.ts';

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
});
