/**
 * request(): one HTTP/1.1 exchange on node:net, or a chain of them through redirects.
 *
 * RFC 9110 §15.4 (redirection), as browsers and the Fetch standard apply it:
 *   301, 302  POST becomes GET without a body (historic behaviour the RFC allows);
 *   303       anything but HEAD becomes GET without a body;
 *   307, 308  the method and the body are kept.
 * Location is a URI reference resolved against the URL that was requested (§10.2.2); a
 * Location without a fragment inherits the request's fragment.
 *
 * Credentials do not follow a redirect to another origin: on any change of scheme, host or port
 * the client drops Authorization, Proxy-Authorization and Cookie (undici CVE-2023-45143 and
 * GHSA-3787-6prv-h9w3, node-fetch CVE-2022-0235, follow-redirects CVE-2022-0155 and
 * CVE-2024-28849 — the last ones because only the host, not the port, was compared).
 */
import { Agent } from './agent.ts';
import { charsetOf, decodeBody } from './charset.ts';
import { bodyDecoder, codingsToUndo } from './decode.ts';
import { CrawlerError } from './errors.ts';
import { Exchange, StaleSocketError } from './exchange.ts';
import { Headers, HeadersError, type ResponseHead, serializeRequest } from './prereqs.ts';
import { type HttpTarget, httpTarget, resolveHref } from './url.ts';

export type HeadersInit = Record<string, string> | Iterable<readonly [string, string]>;

export interface RequestOptions {
  /** Default GET. */
  method?: string;
  headers?: HeadersInit;
  body?: string | Uint8Array;
  /** 'follow' (default) or 'manual' (a 3xx is returned as is). */
  redirect?: 'follow' | 'manual';
  /** Default 10. */
  maxRedirects?: number;
  /** Connect, head and idle deadline in ms (default 10 000). */
  timeoutMs?: number;
  /** Cap on the body after decoding (default 10 MiB). */
  maxBodyBytes?: number;
  /** Undo Content-Encoding (default true; also sends Accept-Encoding). */
  decompress?: boolean;
  /** The connection pool (default: one shared agent). */
  agent?: Agent;
}

export interface ClientResponse {
  /** The URL of the final response (after redirects), without fragment. */
  url: string;
  status: number;
  reason: string;
  headers: Headers;
  /** The body, content codings undone. */
  body: Uint8Array;
  /** Every URL redirected from, in order (empty without redirects). */
  redirects: string[];
  /** The body's character encoding, as TextDecoder names it. */
  charset: string;
  /** The body decoded in `charset`. */
  text(): string;
}

export const USER_AGENT = 'hbu-crawler/1.0';
const DEFAULTS = { maxRedirects: 10, timeoutMs: 10_000, maxBodyBytes: 10 * 1024 * 1024 };
/** A 3xx body being followed is never decoded; past this many raw bytes it is not even read. */
const REDIRECT_BODY_BYTES = 64 * 1024;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CREDENTIALS = ['authorization', 'proxy-authorization', 'cookie'];
const CONTENT_FIELDS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

let sharedAgent: Agent | undefined;
/** The agent used when a request names none. */
export function defaultAgent(): Agent {
  sharedAgent ??= new Agent();
  return sharedAgent;
}

function toHeaders(init: HeadersInit | undefined): Headers {
  const pairs =
    init === undefined
      ? []
      : Symbol.iterator in init
        ? [...(init as Iterable<readonly [string, string]>)]
        : Object.entries(init);
  try {
    return new Headers(pairs.map(([n, v]) => [n, v] as [string, string]));
  } catch (error) {
    if (error instanceof HeadersError) {
      throw new CrawlerError('ERR_CRAWLER_INVALID_REQUEST', `invalid header: ${error.code}`, {
        cause: error,
      });
    }
    throw error;
  }
}

interface Hop {
  method: string;
  headers: Headers;
  body: Uint8Array | string | undefined;
}

export async function request(url: string, options: RequestOptions = {}): Promise<ClientResponse> {
  const method = options.method ?? 'GET';
  if (!TOKEN.test(method))
    throw new CrawlerError('ERR_CRAWLER_INVALID_REQUEST', `method ${JSON.stringify(method)}`);
  let target = httpTarget(url);
  const hop: Hop = { method, headers: toHeaders(options.headers), body: options.body };
  const redirects: string[] = [];
  const seen = new Set<string>([`${method} ${target.url}`]);
  const max = options.maxRedirects ?? DEFAULTS.maxRedirects;
  for (;;) {
    const follow = options.redirect !== 'manual';
    const res = await send(target, hop, options, follow);
    const location = res.headers.get('location');
    if (!follow || !isRedirect(res.status) || location === undefined) return { ...res, redirects };
    const next = resolveHref(target.url, location);
    if (next === undefined)
      throw new CrawlerError('ERR_CRAWLER_INVALID_REDIRECT', `Location: ${location}`);
    if (redirects.length >= max)
      throw new CrawlerError('ERR_CRAWLER_TOO_MANY_REDIRECTS', `more than ${max} redirects`);
    const nextTarget = httpTarget(next);
    redirectHop(hop, res.status, target, nextTarget);
    const key = `${hop.method} ${nextTarget.url}`;
    if (seen.has(key))
      throw new CrawlerError('ERR_CRAWLER_REDIRECT_LOOP', `loop at ${nextTarget.url}`);
    seen.add(key);
    redirects.push(target.url);
    target = nextTarget;
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** RFC 9110 §15.4: what the next request of the chain is. */
function redirectHop(hop: Hop, status: number, from: HttpTarget, to: HttpTarget): void {
  const toGet =
    (status === 303 && hop.method !== 'HEAD') ||
    ((status === 301 || status === 302) && hop.method === 'POST');
  if (toGet) {
    hop.method = 'GET';
    hop.body = undefined;
    for (const name of CONTENT_FIELDS) hop.headers.delete(name);
  }
  if (from.origin !== to.origin) for (const name of CREDENTIALS) hop.headers.delete(name);
}

async function send(
  target: HttpTarget,
  hop: Hop,
  options: RequestOptions,
  follow: boolean,
): Promise<ClientResponse> {
  try {
    return await sendOnce(target, hop, options, follow, false);
  } catch (error) {
    // A kept-alive socket the server closed meanwhile: one more try on a fresh connection, for
    // idempotent methods only (RFC 9110 §9.2.2: the server may have acted on the first one).
    if (error instanceof StaleSocketError && IDEMPOTENT.has(hop.method)) {
      return await sendOnce(target, hop, options, follow, true);
    }
    throw error;
  }
}

function wireRequest(target: HttpTarget, hop: Hop, decompress: boolean): Uint8Array {
  const fields: Array<[string, string]> = [['Host', target.hostHeader]];
  if (!hop.headers.has('user-agent')) fields.push(['User-Agent', USER_AGENT]);
  if (decompress && !hop.headers.has('accept-encoding'))
    fields.push(['Accept-Encoding', 'gzip, deflate, br']);
  for (const [name, value] of hop.headers)
    if (name.toLowerCase() !== 'host') fields.push([name, value]);
  try {
    return serializeRequest({
      method: hop.method,
      target: target.target,
      headers: fields,
      body: hop.body,
    });
  } catch (error) {
    throw new CrawlerError('ERR_CRAWLER_INVALID_REQUEST', 'the request cannot be serialized', {
      cause: error,
    });
  }
}

async function sendOnce(
  target: HttpTarget,
  hop: Hop,
  options: RequestOptions,
  follow: boolean,
  fresh: boolean,
): Promise<ClientResponse> {
  const agent = options.agent ?? defaultAgent();
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const decompress = options.decompress !== false;
  const bytes = wireRequest(target, hop, decompress);
  if (fresh) agent.dropIdle(target);
  const lease = await agent.acquire(target, timeoutMs);
  let head: ResponseHead | undefined;
  let decoder: ReturnType<typeof bodyDecoder> | undefined;
  let discarded = 0;
  // Handlers as methods, not arrow properties: no per-request function renaming under tsx.
  const ex = new Exchange(lease.socket, bytes, hop.method, timeoutMs, lease.reused && !fresh, {
    onHead(h) {
      head = h;
      if (follow && isRedirect(h.status) && h.headers.has('location')) return;
      // A HEAD, 204 or 304 response has no body, whatever its Content-Encoding says (a 304 or a
      // HEAD describes the coded representation): there is nothing to decode.
      const bodiless = hop.method === 'HEAD' || h.status === 204 || h.status === 304;
      const codings =
        decompress && !bodiless ? codingsToUndo(h.headers.get('content-encoding')) : [];
      const length = Number(h.headers.get('content-length') ?? 0);
      if (codings.length === 0 && !bodiless && length > maxBodyBytes) {
        throw new CrawlerError('ERR_CRAWLER_BODY_TOO_LARGE', `Content-Length ${length}`);
      }
      decoder = bodyDecoder(codings, maxBodyBytes);
      decoder.onError = (error) => ex.abort(error);
    },
    onData(chunk) {
      if (decoder === undefined) {
        discarded += chunk.length;
        return discarded <= REDIRECT_BODY_BYTES;
      }
      decoder.write(chunk);
      return true;
    },
  });
  let reusable = false;
  try {
    const result = await ex.done;
    reusable = result.reusable;
  } finally {
    agent.release(target, lease.socket, reusable);
  }
  const body = decoder === undefined ? new Uint8Array(0) : await decoder.end();
  const h = head!;
  const charset = charsetOf(h.headers.get('content-type'), body);
  return {
    url: target.url,
    status: h.status,
    reason: h.reason,
    headers: h.headers,
    body,
    redirects: [],
    charset,
    text() {
      return decodeBody(body, charset);
    },
  };
}
