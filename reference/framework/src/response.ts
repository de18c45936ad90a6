/**
 * The response builder. Nothing reaches the wire until the handler chain has returned: the
 * framework then hands status, fields and body to the gateway. So middleware may still add
 * fields after `next()` (a session cookie), and an error can still replace the whole response.
 */
import { FrameworkError } from './errors.ts';
import { type CookieAttributes, type Header, serializeSetCookie } from './prereqs.ts';
import type { AppResponse, ResponseBody } from './types.ts';

/** RFC 9110 §5.1: field-name = token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * RFC 9110 §5.5: field-value = *field-content; no CR, LF or NUL, ever (response splitting).
 * Nor any character above U+00FF: written as latin1, U+010D U+010A become CR LF
 * (CVE-2016-2216, Node's own http). Other controls but HTAB are refused too.
 */
const BAD_VALUE = /[\0-\x08\x0a-\x1f\x7f]|[^\0-\xff]/u;

export interface ResponseOptions {
  /** Origins (`https://example.com`) an absolute redirect may go to. */
  redirectOrigins: readonly string[];
}

const enc = new TextEncoder();

export class ResponseBuilder implements AppResponse {
  statusCode = 200;
  readonly #headers: Header[] = [];
  #body: ResponseBody | undefined;
  readonly #options: ResponseOptions;

  constructor(options: ResponseOptions) {
    this.#options = options;
  }

  /** True once a body has been chosen (json, text, send, redirect, stream, empty). */
  get sent(): boolean {
    return this.#body !== undefined;
  }

  /** @internal */
  get body(): ResponseBody | undefined {
    return this.#body;
  }

  /** @internal the fields, in order. */
  get headerList(): Header[] {
    return this.#headers.map(([n, v]) => [n, v]);
  }

  status(code: number): this {
    if (!Number.isInteger(code) || code < 200 || code > 599) {
      throw new FrameworkError('ERR_FRAMEWORK_INVALID_STATUS', `status ${code}`);
    }
    this.statusCode = code;
    return this;
  }

  /** Replaces every field of that name (any case). */
  setHeader(name: string, value: string): this {
    check(name, value);
    this.removeHeader(name);
    this.#headers.push([name, value]);
    return this;
  }

  /** Adds a field line, keeping the ones already there (Set-Cookie, Vary, Link). */
  appendHeader(name: string, value: string): this {
    check(name, value);
    this.#headers.push([name, value]);
    return this;
  }

  /** The values of a field, joined by ", "; undefined when absent. */
  getHeader(name: string): string | undefined {
    const key = name.toLowerCase();
    const values = this.#headers.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
    return values.length === 0 ? undefined : values.join(', ');
  }

  removeHeader(name: string): this {
    const key = name.toLowerCase();
    for (let i = this.#headers.length - 1; i >= 0; i--) {
      if (this.#headers[i]?.[0].toLowerCase() === key) this.#headers.splice(i, 1);
    }
    return this;
  }

  /** Set-Cookie through the session store's serializer (which validates everything). */
  setCookie(name: string, value: string, attributes: CookieAttributes = {}): this {
    return this.appendHeader('Set-Cookie', serializeSetCookie(name, value, attributes));
  }

  json(value: unknown, status?: number): void {
    this.#type('application/json');
    this.#finish(enc.encode(JSON.stringify(value)), status);
  }

  text(text: string, status?: number): void {
    this.#type('text/plain; charset=utf-8');
    this.#finish(enc.encode(text), status);
  }

  /** Bytes (or a string) as they are; Content-Type is the caller's (octet-stream otherwise). */
  send(body: Uint8Array | string, status?: number): void {
    this.#type('application/octet-stream');
    this.#finish(typeof body === 'string' ? enc.encode(body) : body, status);
  }

  /** No body: 204 unless told otherwise. */
  empty(status = 204): void {
    this.#finish(new Uint8Array(0), status);
  }

  /** Chunks as the iterable yields them (strings as UTF-8): the gateway sends them chunked. */
  stream(
    chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
    contentType = 'application/octet-stream',
  ): void {
    this.#type(contentType);
    this.#claim();
    this.#body = { kind: 'stream', chunks };
  }

  /**
   * 302 (or `status`) to `location`: a path on this site (`/…`, never `//…` or `/\…`), or an
   * absolute http(s) URL whose origin is allow-listed. Anything else is an open redirect
   * (CVE-2024-29041 in Express): FrameworkError ERR_FRAMEWORK_OPEN_REDIRECT.
   */
  redirect(location: string, status = 302): void {
    if (![301, 302, 303, 307, 308].includes(status)) {
      throw new FrameworkError('ERR_FRAMEWORK_INVALID_STATUS', `redirect status ${status}`);
    }
    if (!this.#safeTarget(location)) {
      throw new FrameworkError('ERR_FRAMEWORK_OPEN_REDIRECT', 'redirect target not allowed');
    }
    const encoded = location.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
    this.setHeader('Location', encoded);
    this.#type('text/plain; charset=utf-8');
    this.#finish(enc.encode(`Redirecting to ${encoded}\n`), status);
  }

  #safeTarget(location: string): boolean {
    // Browsers drop TAB, CR, LF anywhere in a URL and leading C0 controls and spaces: refuse them.
    if (/[\0-\x20\x7f\\]/.test(location.slice(0, 2)) || /[\0-\x1f\x7f]/.test(location)) {
      return false;
    }
    if (location.startsWith('/')) return location[1] !== '/' && location[1] !== '\\';
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (url.username !== '' || url.password !== '') return false;
    return this.#options.redirectOrigins.includes(url.origin);
  }

  #type(type: string): void {
    if (this.getHeader('content-type') === undefined) this.setHeader('Content-Type', type);
  }

  #claim(): void {
    if (this.#body !== undefined) {
      throw new FrameworkError('ERR_FRAMEWORK_ALREADY_SENT', 'a body was already chosen');
    }
  }

  #finish(bytes: Uint8Array, status: number | undefined): void {
    this.#claim();
    if (status !== undefined) this.status(status);
    this.#body = { kind: 'bytes', bytes };
  }

  /** @internal an error replaces the response: keep only the CORS fields and Vary. */
  reset(): void {
    this.#body = undefined;
    this.statusCode = 200;
    for (let i = this.#headers.length - 1; i >= 0; i--) {
      const name = this.#headers[i]?.[0].toLowerCase() ?? '';
      if (name !== 'vary' && !name.startsWith('access-control-')) this.#headers.splice(i, 1);
    }
  }
}

function check(name: string, value: string): void {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new FrameworkError('ERR_FRAMEWORK_HEADER_NAME', 'not a field name');
  }
  if (typeof value !== 'string' || BAD_VALUE.test(value)) {
    throw new FrameworkError('ERR_FRAMEWORK_HEADER_VALUE', `bad value for ${name}`);
  }
}
