/**
 * Character references in attribute values, over every name README §5 promises. The names are
 * facts from the WHATWG list of named character references; the expected text is what parse5
 * (the HTML standard's parser) reads, never written by hand.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { parseFragment } from 'parse5';
import { describe, expect, it } from 'vitest';
import { extractLinks } from '../src/index.ts';

/** ISO-8859-1 U+00A0–U+00FF: the legacy names, which may omit their ";". */
const LATIN1 = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn ' +
  'sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave ' +
  'Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ' +
  'ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN ' +
  'szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute ' +
  'icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml ' +
  'yacute thorn yuml'
).split(' ');

/** The other legacy names: ASCII ones and their upper-case twins. */
const LEGACY_ASCII = ['amp', 'AMP', 'lt', 'LT', 'gt', 'GT', 'quot', 'QUOT', 'COPY', 'REG'];

/** The typographic names README §5 scores; they need their ";". */
const TYPOGRAPHIC = (
  'apos hellip mdash ndash lsquo rsquo sbquo ldquo rdquo bdquo bull dagger Dagger permil lsaquo ' +
  'rsaquo euro trade larr rarr uarr darr harr hearts spades clubs diams minus le ge ne infin ' +
  'asymp notin prime Prime oline frasl thinsp ensp emsp zwnj zwj lrm rlm circ tilde OElig oelig ' +
  'Scaron scaron Yuml fnof alpha beta gamma delta pi sigma omega check'
).split(' ');

const LEGACY = [...LATIN1, ...LEGACY_ASCII];

interface P5Node {
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: P5Node[];
}

/** What a browser reads as the href of `<a href="…">` written with `raw` inside the quotes. */
function parse5Href(raw: string): string {
  const a = (parseFragment(`<a href="${raw}"></a>`) as unknown as P5Node).childNodes?.[0];
  return a?.attrs?.find((x) => x.name === 'href')?.value ?? '(no href)';
}

/** The fragment of each link the crawler read, percent-decoding undone. */
function fragments(raws: string[]): string[] {
  const html = raws.map((r) => `<a href="#${r}"></a>`).join('');
  return extractLinks(html, 'http://h.test/').map((l) =>
    decodeURIComponent(l.url.slice(l.url.indexOf('#') + 1)),
  );
}

/** `[raw, value]` for each raw attribute text: the crawler's reading beside the browser's. */
function compare(raws: string[]): { actual: string[][]; expected: string[][] } {
  const read = fragments(raws);
  return {
    actual: raws.map((r, i) => [r, read[i] ?? '(missing)']),
    expected: raws.map((r) => [r, parse5Href(`#${r}`).slice(1)]),
  };
}

describe('5. Extract links', () => {
  describe('named character references in attribute values (README §5 list)', () => {
    it('decodes every Latin-1 name with its ";"', () => {
      const { actual, expected } = compare(LATIN1.map((n) => `&${n};`));
      expect(actual, hint(5, 'the Latin-1 set: U+00A0 (nbsp) to U+00FF (yuml)')).toEqual(expected);
    });

    it('decodes amp, lt, gt, quot and the upper-case legacy names with their ";"', () => {
      const { actual, expected } = compare(LEGACY_ASCII.map((n) => `&${n};`));
      expect(actual, hint(5, 'AMP LT GT QUOT COPY REG are names too')).toEqual(expected);
    });

    it('decodes every typographic name of the list with its ";"', () => {
      const { actual, expected } = compare(TYPOGRAPHIC.map((n) => `&${n};`));
      expect(actual, hint(5, 'the typographic names of the table')).toEqual(expected);
    });

    it('decodes a legacy name without ";" when neither "=" nor a letter or digit follows', () => {
      const { actual, expected } = compare(LEGACY.map((n) => `&${n}.`));
      expect(actual, hint(5, 'the legacy names may omit ";"')).toEqual(expected);
    });

    it('leaves a legacy name without ";" alone before "=", a letter or a digit', () => {
      const { actual, expected } = compare(LEGACY.flatMap((n) => [`&${n}=`, `&${n}x`, `&${n}7`]));
      expect(actual, hint(5, 'the attribute rule: "&copy=2" stays as written')).toEqual(expected);
    });

    it('leaves a typographic name without ";" as written (only legacy names may omit it)', () => {
      const { actual, expected } = compare(TYPOGRAPHIC.map((n) => `&${n}.`));
      expect(actual, hint(5, 'only legacy names may omit ";"')).toEqual(expected);
    });

    it('tells letters and digits from the characters around them in ASCII', () => {
      // The neighbours of 0–9, A–Z and a–z ("[" aside: no fragment may hold it).
      const after = ['/', '0', '9', ':', '@', 'A', 'Z', '`', 'a', 'z', '{', '-'];
      const { actual, expected } = compare(after.map((c) => `&copy${c}`));
      expect(actual, hint(5, 'alphanumeric means ASCII 0-9, A-Z, a-z')).toEqual(expected);
    });

    it('decodes a legacy name without ";" at the very end of a value', () => {
      const { actual, expected } = compare(['&copy', '&amp', '&not']);
      expect(actual, hint(5, 'nothing follows: nothing stops the legacy name')).toEqual(expected);
    });
  });
});
