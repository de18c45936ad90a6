/**
 * crawler — an HTTP/1.1 client on raw sockets, an HTML reader and a polite crawler.
 *
 * This file is the stub: every exported name, type and doc comment is final; every function or
 * method that does work throws `NotImplementedError` naming the README stage to read. Split your
 * solution into as many modules as you like behind this file, but keep these exports.
 *
 * Your katas 1 and 2 come in through `./prereqs.ts` (parse, resolve, normalize, serializeQuery,
 * Headers, ResponseParser, serializeRequest, isKeepAlive…).
 */
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the stubs ignore their parameters (delete this line once yours use them).
// biome-ignore-all lint/correctness/noUnusedPrivateClassMembers: idem.
import { notImplemented } from '@hbu/kata-kit/not-implemented';
import type { Headers } from './prereqs.ts';

// ---------------------------------------------------------------------------------------------
// Errors (real: they are the interface)
// ---------------------------------------------------------------------------------------------

/** Every way the client can fail, as a stable code. Specs assert on codes, never on messages. */
export type CrawlerErrorCode =
  /** Not an absolute http URL, or characters no request line may carry (CVE-2019-9740). */
  | 'ERR_CRAWLER_INVALID_URL'
  /** A scheme this client never fetches: https, file, data, javascript… */
  | 'ERR_CRAWLER_UNSUPPORTED_SCHEME'
  /** A method that is not a token, or a header name/value that could split the request. */
  | 'ERR_CRAWLER_INVALID_REQUEST'
  /** Connection refused, reset, or closed before the response was complete. */
  | 'ERR_CRAWLER_CONNECTION'
  /** The server sent bytes that are not an HTTP/1.x response. */
  | 'ERR_CRAWLER_PROTOCOL'
  /** Connect, head or idle time exceeded `timeoutMs`. */
  | 'ERR_CRAWLER_TIMEOUT'
  /** The (decoded) body exceeded `maxBodyBytes`. */
  | 'ERR_CRAWLER_BODY_TOO_LARGE'
  /** A Content-Encoding this client does not know. */
  | 'ERR_CRAWLER_UNSUPPORTED_ENCODING'
  /** More than 5 stacked content codings (undici CVE-2026-22036). */
  | 'ERR_CRAWLER_TOO_MANY_ENCODINGS'
  /** A coded body that does not decode (corrupt gzip, truncated brotli…). */
  | 'ERR_CRAWLER_DECODE'
  /** More redirects than `maxRedirects`. */
  | 'ERR_CRAWLER_TOO_MANY_REDIRECTS'
  /** A redirect back to a request already made in this chain. */
  | 'ERR_CRAWLER_REDIRECT_LOOP'
  /** A 3xx whose Location is not a URI reference. */
  | 'ERR_CRAWLER_INVALID_REDIRECT'
  /** The request's agent was closed while it waited. */
  | 'ERR_CRAWLER_ABORTED';

/** What `request`, `submitForm` and `crawl` throw. Ready to use: `throw new CrawlerError(…)`. */
export class CrawlerError extends Error {
  override readonly name = 'CrawlerError';
  readonly code: CrawlerErrorCode;

  constructor(code: CrawlerErrorCode, message: string = code, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------
// Requests (README §1 – §4)
// ---------------------------------------------------------------------------------------------

export interface AgentOptions {
  /** Open sockets per origin, busy or idle (default 6, like browsers). */
  maxSocketsPerOrigin?: number;
  /** How long an idle socket is kept before it is closed (default 4000 ms). */
  keepAliveMs?: number;
}

/**
 * A keep-alive connection pool (README §2). Per origin (`http://host:port`): idle sockets are
 * reused, at most `maxSocketsPerOrigin` are open, and a request waits for a free one.
 */
export class Agent {
  readonly maxSocketsPerOrigin: number;
  readonly keepAliveMs: number;

  constructor(options: AgentOptions = {}) {
    // TODO: README §2
    this.maxSocketsPerOrigin = options.maxSocketsPerOrigin ?? 6;
    this.keepAliveMs = options.keepAliveMs ?? 4000;
  }

  /** Sockets currently open through this agent, busy or idle. */
  get openSockets(): number {
    return notImplemented('Agent.openSockets', 2);
  }

  /** Closes every socket (idle and busy); requests still waiting fail with ERR_CRAWLER_ABORTED. */
  close(): void {
    notImplemented('Agent.close()', 2);
  }
}

/** Request fields as a record or as `[name, value]` pairs (several of one name allowed). */
export type HeadersInit = Record<string, string> | Iterable<readonly [string, string]>;

export interface RequestOptions {
  /** Default GET. */
  method?: string;
  headers?: HeadersInit;
  body?: string | Uint8Array;
  /** 'follow' (default) or 'manual' (a 3xx is returned as it is). README §4. */
  redirect?: 'follow' | 'manual';
  /** Default 10. */
  maxRedirects?: number;
  /** Connect, head and idle deadline in ms (default 10 000). README §2. */
  timeoutMs?: number;
  /** Cap on the body after decoding (default 10 MiB). README §2, §3. */
  maxBodyBytes?: number;
  /** Undo Content-Encoding (default true; also sends Accept-Encoding). README §3. */
  decompress?: boolean;
  /** The connection pool (default: one agent shared by every request). */
  agent?: Agent;
}

export interface ClientResponse {
  /** The URL of the final response (after redirects), without its fragment. */
  url: string;
  status: number;
  reason: string;
  /** Kata 7's Headers: case-insensitive, in received order. */
  headers: Headers;
  /** The body, content codings undone. */
  body: Uint8Array;
  /** Every URL redirected from, in order (empty without redirects). */
  redirects: string[];
  /** The body's character encoding, as TextDecoder names it ("utf-8", "windows-1252"…). */
  charset: string;
  /** The body decoded in `charset`. */
  text(): string;
}

/**
 * Sends one HTTP/1.1 request over node:net and reads the response with your ResponseParser;
 * follows redirects unless `redirect: 'manual'`.
 *
 * @example const res = await request('http://127.0.0.1:8080/'); res.status; res.text()
 */
export function request(url: string, options: RequestOptions = {}): Promise<ClientResponse> {
  // TODO: README §1, then §2 (pool, limits), §3 (codings), §4 (redirects).
  return notImplemented(`request(${JSON.stringify(url)})`, 1);
}

/**
 * The character encoding of a body (README §3): a BOM, else the Content-Type charset, else
 * (text/html only) a `<meta charset>` in the first 1024 bytes, else "utf-8". The name is
 * TextDecoder's (`new TextDecoder(label).encoding`).
 */
export function charsetOf(contentType: string | undefined, body: Uint8Array): string {
  return notImplemented('charsetOf', 3);
}

// ---------------------------------------------------------------------------------------------
// HTML (README §5 – §7)
// ---------------------------------------------------------------------------------------------

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

/**
 * Every link of a page, resolved against the document URL (or its first `<base href>`), in
 * document order: a/area/link href, img/script/iframe src. Not inside comments, raw text or
 * `<template>`. A value that cannot be made a URL is left out.
 */
export function extractLinks(html: string, documentUrl: string): Link[] {
  return notImplemented('extractLinks', 5);
}

/** The text of the first `<title>`, whitespace collapsed; undefined when there is none. */
export function extractTitle(html: string): string | undefined {
  return notImplemented('extractTitle', 6);
}

/**
 * `<meta>` elements, first of each key wins: `name` or `property` → its lower-cased value,
 * `http-equiv` → `http-equiv:<lower-cased value>`, `charset` → `charset`. Values as written.
 */
export function extractMeta(html: string): Record<string, string> {
  return notImplemented('extractMeta', 6);
}

/** The page's visible prose: text outside script/style/title/textarea/template, collapsed. */
export function extractText(html: string): string {
  return notImplemented('extractText', 6);
}

export interface FormField {
  name: string;
  value: string;
  /** The input type ("text", "hidden", "checkbox"…), "select", "textarea" or "submit". */
  type: string;
}

export type FormEnctype =
  | 'application/x-www-form-urlencoded'
  | 'multipart/form-data'
  | 'text/plain';

export interface Form {
  /** Absolute URL the form submits to. */
  action: string;
  method: 'GET' | 'POST';
  enctype: FormEnctype;
  /** The form's entries in tree order; type "submit" ones are sent only as the submitter. */
  fields: FormField[];
  /** `id` and `name` of the form element, when present. */
  id?: string;
  name?: string;
}

/** Every `<form>` of a page with what it would submit (README §7). */
export function extractForms(html: string, documentUrl: string): Form[] {
  return notImplemented('extractForms', 7);
}

/** New values by name (an array for several entries of one name), or pairs. */
export type FormValues = Record<string, string | string[]> | Iterable<readonly [string, string]>;

export interface EncodeOptions {
  /** The name of the submit button that submits the form (none by default). */
  submitter?: string;
  /** The multipart boundary (default: random). */
  boundary?: string;
}

/** A request ready to send. */
export interface EncodedForm {
  method: 'GET' | 'POST';
  url: string;
  headers: Array<[string, string]>;
  body?: Uint8Array;
}

/**
 * The request a browser would send for this form (README §7): GET with the query replaced, or
 * POST as urlencoded, multipart/form-data (RFC 7578) or text/plain. `values` replace the
 * entries of the names they mention and add the others.
 */
export function encodeForm(
  form: Form,
  values?: FormValues,
  options: EncodeOptions = {},
): EncodedForm {
  return notImplemented('encodeForm', 7);
}

/** `encodeForm`, then `request`. */
export function submitForm(
  form: Form,
  values?: FormValues,
  options: RequestOptions & EncodeOptions = {},
): Promise<ClientResponse> {
  return notImplemented('submitForm', 7);
}

// ---------------------------------------------------------------------------------------------
// robots.txt (README §8)
// ---------------------------------------------------------------------------------------------

/** A parsed robots.txt (RFC 9309). */
export class Robots {
  /** `Sitemap:` URLs, in order. */
  readonly sitemaps: string[] = [];

  /** robots.txt unavailable (4xx): everything is allowed. */
  static allowAll(): Robots {
    return notImplemented('Robots.allowAll()', 8);
  }

  /** robots.txt unreachable (5xx, network error): everything is disallowed. */
  static disallowAll(): Robots {
    return notImplemented('Robots.disallowAll()', 8);
  }

  constructor(body: string | Uint8Array) {
    // TODO: README §8
    notImplemented(`new Robots(${body.length} ${typeof body === 'string' ? 'chars' : 'bytes'})`, 8);
  }

  /** Whether `userAgent` may fetch `target`: a path with its query (`/a?b`) or an absolute URL. */
  isAllowed(target: string, userAgent: string): boolean {
    return notImplemented('Robots.isAllowed', 8);
  }

  /** `Crawl-delay` of the group that applies, in seconds, or undefined. */
  crawlDelay(userAgent: string): number | undefined {
    return notImplemented('Robots.crawlDelay', 8);
  }
}

/** `new Robots(body)`. */
export function parseRobots(body: string | Uint8Array): Robots {
  return notImplemented('parseRobots', 8);
}

// ---------------------------------------------------------------------------------------------
// Crawl (README §9)
// ---------------------------------------------------------------------------------------------

/**
 * The crawler's identity of a page: your `normalize` (kata 6), without the fragment. Two links
 * with the same key are one page, fetched once.
 */
export function pageKey(url: string): string {
  return notImplemented('pageKey', 9);
}

export interface CrawlOptions {
  /** Links deeper than this are not fetched (start page: 0; default 3). */
  maxDepth?: number;
  /** Fetches at most this many pages (default 100). */
  maxPages?: number;
  /** Requests in flight over all origins (default 4). */
  concurrency?: number;
  /** Requests in flight per origin (default 1). */
  perHostConcurrency?: number;
  /** Minimum ms after the previous request to an origin (its start and its end) before the next (default 0). */
  delayMs?: number;
  /** Stay on the start URL's origin (default true). */
  sameOrigin?: boolean;
  /** Fetch and obey robots.txt (default true). */
  robots?: boolean;
  /** Sent as User-Agent and matched against robots.txt groups (default "hbu-crawler/1.0"). */
  userAgent?: string;
  /** Longer URLs are skipped as traps (default 2048). */
  maxUrlLength?: number;
  /** URLs per origin+path that differ only in their query (default 50). */
  maxQueryVariants?: number;
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** A connection pool to use (default: a fresh one, closed at the end). */
  agent?: Agent;
}

export interface CrawledPage {
  /** The page key (normalized, no fragment). */
  url: string;
  depth: number;
  status: number;
  contentType: string | undefined;
  title: string | undefined;
  /** Links followed from here (a, area, iframe of HTML pages; the Location of a redirect). */
  links: string[];
  /** The page that linked here (undefined for the start URL). */
  referrer: string | undefined;
}

export type SkipReason = 'offsite' | 'robots' | 'depth' | 'max-pages' | 'scheme' | 'trap';

/** What a crawl reports, in the order things happen. The last event is always `done`. */
export type CrawlEvent =
  | { type: 'queued'; url: string; depth: number }
  | { type: 'page'; page: CrawledPage }
  | { type: 'skipped'; url: string; depth: number; reason: SkipReason }
  | { type: 'error'; url: string; depth: number; code: CrawlerErrorCode | 'ERR_UNKNOWN' }
  | { type: 'done'; pages: number; errors: number; skipped: number };

/**
 * Crawls breadth-first from `start` (README §9). Throws CrawlerError at once for a start URL
 * that is not http. Breaking out of the `for await` stops the crawl and closes its sockets.
 *
 * @example for await (const e of crawl('http://127.0.0.1:8080/')) if (e.type === 'page') …
 */
export function crawl(start: string, options: CrawlOptions = {}): AsyncIterable<CrawlEvent> {
  // TODO: README §9
  return notImplemented(`crawl(${JSON.stringify(start)})`, 9);
}
