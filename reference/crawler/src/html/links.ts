/**
 * extractLinks: every URL a page refers to, resolved, in document order.
 *
 *   <a href> <area href> <link href>   navigation and resources
 *   <img src> <script src> <iframe src>  embedded resources
 *   <base href>                          the first one with an href sets the base URL of every
 *                                        other link in the document (HTML §4.2.3), even the
 *                                        links that come before it
 */
import { resolveHref } from '../url.ts';
import type { Token } from './tokenizer.ts';
import { pageTokens } from './walk.ts';

export interface Link {
  /** Absolute URL (fragment kept). */
  url: string;
  /** The element: a, area, link, img, script or iframe. */
  tag: string;
  /** The attribute: href or src. */
  attr: 'href' | 'src';
  /** `rel`, lower-cased, when the element has one. */
  rel?: string;
}

const LINK_ATTR = new Map<string, 'href' | 'src'>([
  ['a', 'href'],
  ['area', 'href'],
  ['link', 'href'],
  ['img', 'src'],
  ['script', 'src'],
  ['iframe', 'src'],
]);

export function extractLinks(html: string, documentUrl: string): Link[] {
  return linksOf(pageTokens(html), documentUrl);
}

/**
 * extractLinks over a page's tokens already read: crawl() reads each page once for its links,
 * title and meta robots instead of tokenizing it three times.
 */
export function linksOf(tokens: Iterable<Token>, documentUrl: string): Link[] {
  let baseHref: string | undefined;
  const raw: Array<{ value: string; tag: string; attr: 'href' | 'src'; rel: string | undefined }> =
    [];
  for (const token of tokens) {
    if (token.type !== 'start') continue;
    if (token.name === 'base' && baseHref === undefined && token.attrs.has('href')) {
      baseHref = token.attrs.get('href');
      continue;
    }
    const attr = LINK_ATTR.get(token.name);
    const value = attr === undefined ? undefined : token.attrs.get(attr);
    if (attr === undefined || value === undefined) continue;
    raw.push({ value, tag: token.name, attr, rel: token.attrs.get('rel')?.toLowerCase() });
  }
  const base =
    (baseHref === undefined ? undefined : resolveHref(documentUrl, baseHref)) ?? documentUrl;
  const links: Link[] = [];
  for (const r of raw) {
    const url = resolveHref(base, r.value);
    if (url === undefined) continue;
    links.push(
      r.rel === undefined
        ? { url, tag: r.tag, attr: r.attr }
        : { url, tag: r.tag, attr: r.attr, rel: r.rel },
    );
  }
  return links;
}
