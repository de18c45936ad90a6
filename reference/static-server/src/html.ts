/**
 * The two HTML bodies a static server writes itself: a directory listing and the small page of a
 * redirect. Both contain names chosen by whoever can create files (or type a URL), so every name
 * is HTML-escaped: CVE-2024-43799 (send) and CVE-2024-43800 (serve-static) were script injection
 * through the redirect page; listings of upload folders are the classic stored XSS.
 */
import { encodeSegment } from './target.ts';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the five characters that can end a text node or an attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** One entry of a listing. */
export interface Entry {
  name: string;
  directory: boolean;
}

/** A listing of `entries` (already filtered) for the directory at URL path `segments`. */
export function listingPage(segments: string[], entries: Entry[]): string {
  const title = escapeHtml(`Index of /${segments.map((s) => `${s}/`).join('')}`);
  const items = [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => {
      const slash = e.directory ? '/' : '';
      // A relative reference: the listing is only served at a path ending in "/". "./" first, so
      // a name like "a:b" is not read as a scheme.
      const href = `./${encodeSegment(e.name)}${slash}`;
      return `<li><a href="${escapeHtml(href)}">${escapeHtml(e.name + slash)}</a></li>`;
    });
  return `<!doctype html>\n<meta charset="utf-8">\n<title>${title}</title>\n<h1>${title}</h1>\n<ul>\n${items.join('\n')}\n</ul>\n`;
}

/** The body of a redirect: for the rare client that does not follow Location. */
export function redirectPage(location: string): string {
  const href = escapeHtml(location);
  return `<!doctype html>\n<meta charset="utf-8">\n<title>Moved</title>\n<p>Moved to <a href="${href}">${href}</a></p>\n`;
}
