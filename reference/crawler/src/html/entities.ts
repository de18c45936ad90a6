/**
 * Character references (HTML §13.2.5.72–80), with a subset of the named ones.
 *
 * - `&#38;` `&#x26;`: any code point; 0, surrogates and values past U+10FFFF become U+FFFD, and
 *   0x80–0x9F are read as windows-1252 (the table below), as every browser does. The ";" may
 *   be missing.
 * - Named: the longest name in the table that matches. Only the "legacy" names (the ones
 *   HTML 3.2 had: amp, lt, gt, quot and Latin-1) may omit the ";". In an attribute value, a
 *   legacy name without ";" followed by "=" or an alphanumeric is left as written, so that
 *   `href="?a=1&copy=2"` keeps its `&copy=`.
 */

/** ISO-8859-1 U+00A0..U+00FF, in order: every one of them is a legacy name. */
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';

const LEGACY_ASCII: Array<[string, number]> = [
  ['amp', 0x26],
  ['AMP', 0x26],
  ['lt', 0x3c],
  ['LT', 0x3c],
  ['gt', 0x3e],
  ['GT', 0x3e],
  ['quot', 0x22],
  ['QUOT', 0x22],
  ['COPY', 0xa9],
  ['REG', 0xae],
];

/** Names that need their ";". */
const WITH_SEMICOLON: Array<[string, number]> = [
  ['apos', 0x27],
  ['hellip', 0x2026],
  ['mdash', 0x2014],
  ['ndash', 0x2013],
  ['lsquo', 0x2018],
  ['rsquo', 0x2019],
  ['sbquo', 0x201a],
  ['ldquo', 0x201c],
  ['rdquo', 0x201d],
  ['bdquo', 0x201e],
  ['bull', 0x2022],
  ['dagger', 0x2020],
  ['Dagger', 0x2021],
  ['permil', 0x2030],
  ['lsaquo', 0x2039],
  ['rsaquo', 0x203a],
  ['euro', 0x20ac],
  ['trade', 0x2122],
  ['larr', 0x2190],
  ['rarr', 0x2192],
  ['uarr', 0x2191],
  ['darr', 0x2193],
  ['harr', 0x2194],
  ['hearts', 0x2665],
  ['spades', 0x2660],
  ['clubs', 0x2663],
  ['diams', 0x2666],
  ['minus', 0x2212],
  ['le', 0x2264],
  ['ge', 0x2265],
  ['ne', 0x2260],
  ['infin', 0x221e],
  ['asymp', 0x2248],
  ['notin', 0x2209],
  ['prime', 0x2032],
  ['Prime', 0x2033],
  ['oline', 0x203e],
  ['frasl', 0x2044],
  ['thinsp', 0x2009],
  ['ensp', 0x2002],
  ['emsp', 0x2003],
  ['zwnj', 0x200c],
  ['zwj', 0x200d],
  ['lrm', 0x200e],
  ['rlm', 0x200f],
  ['circ', 0x2c6],
  ['tilde', 0x2dc],
  ['OElig', 0x152],
  ['oelig', 0x153],
  ['Scaron', 0x160],
  ['scaron', 0x161],
  ['Yuml', 0x178],
  ['fnof', 0x192],
  ['alpha', 0x3b1],
  ['beta', 0x3b2],
  ['gamma', 0x3b3],
  ['delta', 0x3b4],
  ['pi', 0x3c0],
  ['sigma', 0x3c3],
  ['omega', 0x3c9],
  ['check', 0x2713],
  ['nbsp', 0xa0],
];

/** name (with or without ";") → text. */
const NAMED = new Map<string, string>();
for (const [i, name] of LATIN1.split(' ').entries()) {
  NAMED.set(name, String.fromCodePoint(0xa0 + i));
  NAMED.set(`${name};`, String.fromCodePoint(0xa0 + i));
}
for (const [name, cp] of LEGACY_ASCII) {
  NAMED.set(name, String.fromCodePoint(cp));
  NAMED.set(`${name};`, String.fromCodePoint(cp));
}
for (const [name, cp] of WITH_SEMICOLON) NAMED.set(`${name};`, String.fromCodePoint(cp));
const LONGEST = Math.max(...[...NAMED.keys()].map((k) => k.length));

/** Numeric references to 0x80..0x9F: the windows-1252 character (0 = keep the code point). */
const C1 = [
  0x20ac, 0, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0,
  0x17d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0, 0x17e, 0x178,
];

function numeric(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
  if (code >= 0x80 && code <= 0x9f && C1[code - 0x80] !== 0)
    return String.fromCodePoint(C1[code - 0x80]!);
  return String.fromCodePoint(code);
}

const isAlnum = (c: string | undefined): boolean =>
  c !== undefined && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));

/** Decodes the character references of text (`inAttribute`: the attribute-value rules). */
export function decodeCharRefs(text: string, inAttribute: boolean): string {
  let amp = text.indexOf('&');
  if (amp < 0) return text;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    out += text.slice(from, amp);
    const [replacement, length] = reference(text, amp, inAttribute);
    out += replacement;
    from = amp + length;
    amp = text.indexOf('&', from);
  }
  return out + text.slice(from);
}

/** The text one reference at `amp` stands for, and how many characters it spans. */
function reference(text: string, amp: number, inAttribute: boolean): [string, number] {
  const next = text[amp + 1];
  if (next === '#') {
    const hex = text[amp + 2] === 'x' || text[amp + 2] === 'X';
    const start = amp + (hex ? 3 : 2);
    const digits = (hex ? /^[0-9A-Fa-f]+/ : /^[0-9]+/).exec(text.slice(start, start + 64))?.[0];
    if (digits === undefined) return ['&', 1];
    let end = start + digits.length;
    while (hex ? /[0-9A-Fa-f]/.test(text[end] ?? '') : /[0-9]/.test(text[end] ?? '')) end++;
    const value = Number.parseInt(digits.replace(/^0+(?=.)/, '').slice(0, 8), hex ? 16 : 10);
    const semicolon = text[end] === ';' ? 1 : 0;
    return [numeric(value), end + semicolon - amp];
  }
  if (!isAlnum(next)) return ['&', 1];
  // Fast path for the usual `&name;`: a name that includes its ";" is the longest possible
  // match (no name has a ";" inside), so when the table knows it, the search below is moot.
  const semicolon = text.indexOf(';', amp + 2);
  if (semicolon >= 0 && semicolon - amp <= LONGEST) {
    const value = NAMED.get(text.slice(amp + 1, semicolon + 1));
    if (value !== undefined) return [value, semicolon + 1 - amp];
  }
  for (let len = Math.min(LONGEST, text.length - amp - 1); len > 0; len--) {
    const name = text.slice(amp + 1, amp + 1 + len);
    const value = NAMED.get(name);
    if (value === undefined) continue;
    if (!name.endsWith(';') && inAttribute) {
      const after = text[amp + 1 + len];
      if (after === '=' || isAlnum(after)) return ['&', 1];
    }
    return [value, len + 1];
  }
  return ['&', 1];
}
