/**
 * A small HTML tokenizer (the WHATWG HTML tokenizer, §13.2.5, minus what a crawler never needs:
 * no tree construction, no foreign content, no script-data escape states).
 *
 * What it gets right, because each one breaks the usual regex:
 * - comments `<!-- … -->` (also `<!-->`, `<!--->` and `--!>`), `<!DOCTYPE>`, `<?…>`, `<![CDATA[…]>`
 *   and `</ …>` (bogus comments) are skipped, never scanned for tags;
 * - `<script>`, `<style>`, `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>` hold raw text,
 *   `<title>` and `<textarea>` hold RCDATA (text with character references, no tags), up to
 *   the matching end tag; `<plaintext>` holds the rest of the document;
 * - tag and attribute names are ASCII-case-insensitive (lower-cased here);
 * - attribute values: double-quoted, single-quoted or unquoted; a repeated attribute is
 *   dropped (the first one wins);
 * - character references in text and values (entities.ts);
 * - CR LF and lone CR are LF (§13.2.3.5), before anything else.
 * A tag cut off by the end of the input is dropped, as the standard says.
 */
import { decodeCharRefs } from './entities.ts';

export type Attributes = Map<string, string>;

export type Token =
  | { type: 'start'; name: string; attrs: Attributes; selfClosing: boolean }
  | { type: 'end'; name: string }
  | { type: 'text'; text: string };

const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes']);
const RCDATA = new Set(['title', 'textarea']);
/** ASCII whitespace as the tokenizer sees it (CR is gone by then). */
const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\n' || c === '\t' || c === '\f';
/** Where a tag or attribute name stops: whitespace, "/", ">" or the end of the input. */
const endsName = (c: string | undefined): boolean =>
  c === undefined || isSpace(c) || c === '/' || c === '>';
const isAlpha = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/** ASCII lower case only (toLowerCase would also change non-ASCII letters such as "İ"). */
function lower(name: string): string {
  // Most names are lower case already: a test is much cheaper than a replace with a callback.
  return /[A-Z]/.test(name) ? name.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : name;
}

interface TagRead {
  name: string;
  attrs: Attributes;
  selfClosing: boolean;
  /** Index after the ">". */
  end: number;
}

/** Reads a tag whose name starts at `at`; undefined when the input ends inside it. */
function readTag(html: string, at: number): TagRead | undefined {
  let i = at;
  while (!endsName(html[i])) i++;
  const name = lower(html.slice(at, i));
  const attrs: Attributes = new Map();
  let selfClosing = false;
  for (;;) {
    while (isSpace(html[i])) i++;
    const c = html[i];
    if (c === undefined) return undefined;
    if (c === '>') return { name, attrs, selfClosing, end: i + 1 };
    if (c === '/') {
      i++;
      if (html[i] === '>') {
        selfClosing = true;
        return { name, attrs, selfClosing, end: i + 1 };
      }
      continue;
    }
    // Attribute name: the first character may be "=" (an error the standard tolerates).
    const nameStart = i;
    i++;
    while (!endsName(html[i]) && html[i] !== '=') i++;
    const attrName = lower(html.slice(nameStart, i));
    while (isSpace(html[i])) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (isSpace(html[i])) i++;
      const q = html[i];
      if (q === '"' || q === "'") {
        const close = html.indexOf(q, i + 1);
        if (close < 0) return undefined;
        value = html.slice(i + 1, close);
        i = close + 1;
      } else {
        const start = i;
        while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
        value = html.slice(start, i);
      }
      value = decodeCharRefs(value, true);
    }
    if (!attrs.has(attrName)) attrs.set(attrName, value);
  }
}

/** Where the raw text of `name` ends: its "</name" followed by space, "/" or ">". */
function rawTextEnd(html: string, from: number, name: string): number {
  let at = html.indexOf('</', from);
  while (at >= 0) {
    const candidate = html.slice(at + 2, at + 2 + name.length);
    const after = html[at + 2 + name.length];
    if (
      lower(candidate) === name &&
      (after === undefined || isSpace(after) || after === '/' || after === '>')
    ) {
      return at;
    }
    at = html.indexOf('</', at + 2);
  }
  return -1;
}

/** The index after a comment that starts at `lt` (`<!--`). */
function commentEnd(html: string, lt: number): number {
  const body = lt + 4;
  if (html.startsWith('>', body)) return body + 1;
  if (html.startsWith('->', body)) return body + 2;
  let end = html.length;
  const dashes = html.indexOf('-->', body);
  if (dashes >= 0) end = dashes + 3;
  const bang = html.indexOf('--!>', body);
  if (bang >= 0 && bang + 4 < end) end = bang + 4;
  return end;
}

/** The index after a bogus comment or declaration: the next ">" (or the end). */
function declarationEnd(html: string, from: number): number {
  const gt = html.indexOf('>', from);
  return gt < 0 ? html.length : gt + 1;
}

/** The tokens of a document, adjacent text joined into one token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const html = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  let i = 0;
  let text = '';
  let raw: { name: string; rcdata: boolean } | undefined;
  while (i < html.length) {
    if (raw !== undefined) {
      const end = raw.name === 'plaintext' ? -1 : rawTextEnd(html, i, raw.name);
      const content = html.slice(i, end < 0 ? html.length : end);
      text += raw.rcdata ? decodeCharRefs(content, false) : content;
      i = end < 0 ? html.length : end;
      raw = undefined;
      continue;
    }
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text += decodeCharRefs(html.slice(i), false);
      break;
    }
    text += decodeCharRefs(html.slice(i, lt), false);
    const c = html[lt + 1];
    if (isAlpha(c)) {
      const tag = readTag(html, lt + 1);
      if (tag === undefined) break;
      if (text !== '') tokens.push({ type: 'text', text }); // the text before the tag
      text = '';
      tokens.push({
        type: 'start',
        name: tag.name,
        attrs: tag.attrs,
        selfClosing: tag.selfClosing,
      });
      i = tag.end;
      if (RAW_TEXT.has(tag.name) || tag.name === 'plaintext')
        raw = { name: tag.name, rcdata: false };
      else if (RCDATA.has(tag.name)) raw = { name: tag.name, rcdata: true };
    } else if (c === '/') {
      const d = html[lt + 2];
      if (isAlpha(d)) {
        const tag = readTag(html, lt + 2);
        if (tag === undefined) break;
        if (text !== '') tokens.push({ type: 'text', text }); // the text before the tag
        text = '';
        tokens.push({ type: 'end', name: tag.name });
        i = tag.end;
      } else if (d === '>') i = lt + 3;
      else if (d === undefined) {
        text += '</';
        i = html.length;
      } else i = declarationEnd(html, lt + 2);
    } else if (c === '!') {
      i = html.startsWith('<!--', lt) ? commentEnd(html, lt) : declarationEnd(html, lt + 2);
    } else if (c === '?') {
      i = declarationEnd(html, lt + 2);
    } else {
      text += '<';
      i = lt + 1;
    }
  }
  if (text !== '') tokens.push({ type: 'text', text });
  return tokens;
}
