/**
 * extractTitle, extractMeta and extractText: what a page says about itself, and what it says.
 */
import type { Token } from './tokenizer.ts';
import { collapse, pageTokens } from './walk.ts';

/** The text of the first `<title>`, whitespace collapsed; undefined when there is none. */
export function extractTitle(html: string): string | undefined {
  return titleOf(pageTokens(html));
}

/** extractTitle over tokens already read (see linksOf). */
export function titleOf(tokens: Iterable<Token>): string | undefined {
  let inTitle = false;
  let title = '';
  for (const token of tokens) {
    if (token.type === 'start' && token.name === 'title') inTitle = true;
    else if (inTitle && token.type === 'text') title += token.text;
    else if (inTitle) return collapse(title);
  }
  return inTitle ? collapse(title) : undefined;
}

/**
 * `<meta>` elements as a record, the first of each key wins:
 *   name="description" content="…"        → description
 *   property="og:title" content="…"       → og:title
 *   http-equiv="refresh" content="…"      → http-equiv:refresh
 *   charset="utf-8"                       → charset
 * Keys are lower-cased; values are as written (character references decoded).
 */
export function extractMeta(html: string): Record<string, string> {
  return metaOf(pageTokens(html));
}

/** extractMeta over tokens already read (see linksOf). */
export function metaOf(tokens: Iterable<Token>): Record<string, string> {
  const meta = new Map<string, string>();
  const put = (key: string, value: string): void => {
    if (!meta.has(key)) meta.set(key, value);
  };
  for (const token of tokens) {
    if (token.type !== 'start' || token.name !== 'meta') continue;
    const a = token.attrs;
    const charset = a.get('charset');
    if (charset !== undefined) put('charset', charset.trim());
    const content = a.get('content');
    if (content === undefined) continue;
    const name = a.get('name') ?? a.get('property');
    if (name !== undefined) put(name.trim().toLowerCase(), content);
    const equiv = a.get('http-equiv');
    if (equiv !== undefined) put(`http-equiv:${equiv.trim().toLowerCase()}`, content);
  }
  return Object.fromEntries(meta);
}

/** Elements whose text is not the page's prose. */
const HIDDEN = new Set(['script', 'style', 'title', 'textarea']);
/** Elements that separate words: their start and end tags count as a space. */
const BLOCKS = new Set(
  'address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html li main nav ol option p pre section table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);

/** The page's visible prose: text outside script/style/title/textarea, blocks as spaces, collapsed. */
export function extractText(html: string): string {
  let out = '';
  let hidden: string | undefined;
  for (const token of pageTokens(html)) {
    if (hidden !== undefined) {
      if (token.type === 'end' && token.name === hidden) hidden = undefined;
      continue;
    }
    if (token.type === 'text') out += token.text;
    else if (token.type === 'start' && HIDDEN.has(token.name)) hidden = token.name;
    else if (BLOCKS.has(token.name)) out += ' ';
  }
  return collapse(out);
}
