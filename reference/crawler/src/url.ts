/**
 * URLs as the client needs them, on top of kata 6's parse / resolve / normalize.
 *
 * A request line carries `origin-form = absolute-path [ "?" query ]` (RFC 9112 §3.2.1) and the
 * Host field carries `host [ ":" port ]` (RFC 9110 §7.2). Both come from a parsed URI, never from
 * string slicing: a URL with a space, CR or LF does not parse, so it can never reach the wire
 * (CVE-2019-9740, CRLF injection through the URL in Python's urllib).
 */
import { CrawlerError } from './errors.ts';
import { normalize, parse, resolve, serialize, type UriComponents } from './prereqs.ts';

/** An absolute http URL, taken apart for a request. */
export interface HttpTarget {
  /** The URL without its fragment. */
  url: string;
  /** `http://host:port`, host lower-cased, port always written: the key of a connection pool. */
  origin: string;
  /** What `net.connect` takes: an IPv6 literal without its brackets. */
  hostname: string;
  port: number;
  /** The Host field value: the port only when it is not 80. */
  hostHeader: string;
  /** origin-form: the path ("/" when empty) and the query. */
  target: string;
}

function components(url: string): UriComponents {
  try {
    return parse(url);
  } catch (error) {
    throw new CrawlerError('ERR_CRAWLER_INVALID_URL', `not a URI: ${JSON.stringify(url)}`, {
      cause: error,
    });
  }
}

/** Parses an absolute http URL for a request; throws CrawlerError for anything else. */
export function httpTarget(url: string): HttpTarget {
  const c = components(url);
  if (c.scheme === undefined) {
    throw new CrawlerError('ERR_CRAWLER_INVALID_URL', `not an absolute URL: ${url}`);
  }
  const scheme = c.scheme.toLowerCase();
  if (scheme !== 'http') {
    throw new CrawlerError('ERR_CRAWLER_UNSUPPORTED_SCHEME', `${scheme}: is never fetched`);
  }
  if (c.host === undefined || c.host === '') {
    throw new CrawlerError('ERR_CRAWLER_INVALID_URL', `no host in ${url}`);
  }
  const port = c.port === undefined || c.port === '' ? 80 : Number(c.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new CrawlerError('ERR_CRAWLER_INVALID_URL', `bad port in ${url}`);
  }
  const host = c.host.toLowerCase();
  const hostname = host.startsWith('[') ? host.slice(1, -1) : host;
  const path = c.path === '' ? '/' : c.path;
  const target = c.query === undefined ? path : `${path}?${c.query}`;
  return {
    url: serialize({ ...c, fragment: undefined }),
    origin: `http://${host}:${port}`,
    hostname,
    port,
    hostHeader: port === 80 ? host : `${host}:${port}`,
    target,
  };
}

/** The origin (`http://host:port`) of a URL, or undefined when it is not an http URL. */
export function originOf(url: string): string | undefined {
  try {
    return httpTarget(url).origin;
  } catch {
    return undefined;
  }
}

/** The host (no port) of a URL, lower-cased, or undefined. */
export function hostOf(url: string): string | undefined {
  try {
    return httpTarget(url).hostname;
  } catch {
    return undefined;
  }
}

// Characters a URI may contain (RFC 3986 §2): unreserved, reserved, and "%" of an escape.
const URI_CHAR = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/;
const HEX2 = /^[0-9A-Fa-f]{2}$/;

/**
 * What a browser does to an attribute value before it parses it as a URL: strip leading and
 * trailing C0 controls and spaces, remove tabs and newlines, and percent-encode (UTF-8) every
 * character a URI may not contain. A second "#" is data of the fragment: it is encoded too.
 */
export function toUriReference(raw: string): string {
  const text = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  let out = '';
  let sawHash = false;
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '%' && HEX2.test(text.slice(i + 1, i + 3))) out += ch;
    else if (ch === '#' && !sawHash) {
      sawHash = true;
      out += ch;
    } else if (ch !== '#' && ch !== '%' && URI_CHAR.test(ch)) out += ch;
    else {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      for (const byte of encoder.encode(String.fromCodePoint(cp))) {
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      }
    }
  }
  return out;
}

/** Resolves an href found in HTML against `base`; undefined when it cannot be a URL. */
export function resolveHref(base: string, href: string): string | undefined {
  try {
    return resolve(base, toUriReference(href));
  } catch {
    return undefined;
  }
}

/** The URL without its fragment. */
export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

/**
 * The crawler's identity of a page: RFC 3986 §6.2.2/§6.2.3 normalization (kata 6), without the
 * fragment (fragments never reach the server: two links that differ only there are one page).
 */
export function pageKey(url: string): string {
  return withoutFragment(normalize(url));
}
