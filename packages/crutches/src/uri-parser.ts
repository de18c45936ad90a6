/**
 * Crutch for kata 6 (uri-parser): the kata's exact interface over `fast-uri` (Fastify's RFC 3986
 * implementation: validation, resolution, normalization) and the WHATWG pieces Node ships
 * (percent-decoding, URLSearchParams), used where they agree with RFC 3986. The split "as
 * written" is the RFC's own Appendix B expression; fast-uri decides what is valid.
 * Forbidden in uri-parser.
 */
import fastUri from 'fast-uri';

export interface UriComponents {
  scheme?: string | undefined;
  userinfo?: string | undefined;
  host?: string | undefined;
  port?: string | undefined;
  path: string;
  query?: string | undefined;
  fragment?: string | undefined;
}

export type UriErrorCode =
  | 'ERR_URI_INVALID_CHARACTER'
  | 'ERR_URI_INVALID_PERCENT_ENCODING'
  | 'ERR_URI_INVALID_UTF8'
  | 'ERR_URI_INVALID_SCHEME'
  | 'ERR_URI_INVALID_USERINFO'
  | 'ERR_URI_INVALID_HOST'
  | 'ERR_URI_INVALID_PORT'
  | 'ERR_URI_INVALID_PATH'
  | 'ERR_URI_INVALID_QUERY'
  | 'ERR_URI_INVALID_FRAGMENT'
  | 'ERR_URI_NOT_ABSOLUTE';

export class UriError extends Error {
  override readonly name = 'UriError';
  readonly code: UriErrorCode;

  constructor(code: UriErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface DecodeOptions {
  strict?: boolean;
}

/** RFC 3986 Appendix B. */
const SPLIT = /^(([^:/?#]+):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?/;
const AUTHORITY = /^(?:([^@]*)@)?(\[[^\]]*\]|[^:]*)(?::(.*))?$/;
const ALLOWED = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

export function parse(uri: string): UriComponents {
  if (!ALLOWED.test(uri))
    throw new UriError('ERR_URI_INVALID_CHARACTER', `not a URI character in ${uri}`);
  if (/%(?![0-9A-Fa-f]{2})/.test(uri)) throw new UriError('ERR_URI_INVALID_PERCENT_ENCODING', uri);
  const m = SPLIT.exec(uri)!;
  const out: UriComponents = { path: m[5] ?? '' };
  if (m[2] !== undefined) {
    if (!/^[A-Za-z][A-Za-z0-9+.-]*$/.test(m[2])) throw new UriError('ERR_URI_INVALID_SCHEME', m[2]);
    out.scheme = m[2];
  } else if (/^[^/]*:/.test(out.path)) {
    throw new UriError(
      'ERR_URI_INVALID_SCHEME',
      `${uri}: a relative path cannot start with a colon segment`,
    );
  }
  if (m[4] !== undefined) {
    const a = AUTHORITY.exec(m[4]);
    if (a === null) throw new UriError('ERR_URI_INVALID_HOST', m[4]);
    if (a[1] !== undefined) out.userinfo = a[1];
    out.host = a[2] ?? '';
    if (a[3] !== undefined) {
      if (!/^\d*$/.test(a[3])) throw new UriError('ERR_URI_INVALID_PORT', a[3]);
      out.port = a[3];
    }
    if (out.path !== '' && !out.path.startsWith('/'))
      throw new UriError('ERR_URI_INVALID_PATH', out.path);
  } else if (out.path.startsWith('//')) {
    throw new UriError('ERR_URI_INVALID_PATH', out.path);
  }
  if (m[7] !== undefined) out.query = m[7];
  if (m[9] !== undefined) {
    if (m[9].includes('#')) throw new UriError('ERR_URI_INVALID_FRAGMENT', m[9]);
    out.fragment = m[9];
  }
  const checked = fastUri.parse(uri, { scheme: 'x-crutch' });
  if (checked.error !== undefined) {
    throw new UriError(
      /host/i.test(checked.error) ? 'ERR_URI_INVALID_HOST' : 'ERR_URI_INVALID_CHARACTER',
      checked.error,
    );
  }
  return out;
}

export function serialize(components: UriComponents): string {
  const c = components;
  if (c.scheme !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(c.scheme))
    throw new UriError('ERR_URI_INVALID_SCHEME', c.scheme);
  if (c.port !== undefined && !/^\d*$/.test(c.port))
    throw new UriError('ERR_URI_INVALID_PORT', c.port);
  const hasAuthority = c.host !== undefined;
  if (hasAuthority && c.path !== '' && !c.path.startsWith('/'))
    throw new UriError('ERR_URI_INVALID_PATH', c.path);
  if (!hasAuthority && c.path.startsWith('//')) throw new UriError('ERR_URI_INVALID_PATH', c.path);
  let out = c.scheme === undefined ? '' : `${c.scheme}:`;
  if (hasAuthority) {
    out += `//${c.userinfo === undefined ? '' : `${c.userinfo}@`}${c.host}${c.port === undefined ? '' : `:${c.port}`}`;
  }
  out += c.path;
  out += c.query === undefined ? '' : `?${c.query}`;
  out += c.fragment === undefined ? '' : `#${c.fragment}`;
  parse(out);
  return out;
}

export function percentEncode(text: string, keep = ''): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    throw new UriError('ERR_URI_INVALID_UTF8', 'lone surrogate');
  }
  // encodeURIComponent leaves ! ' ( ) * alone; RFC 3986 reserves them.
  encoded = encoded.replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  if (keep === '') return encoded;
  return encoded.replace(/%([0-9A-F]{2})/g, (esc, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    return keep.includes(ch) ? ch : esc;
  });
}

export function percentDecode(text: string, options: DecodeOptions = {}): string {
  const strict = options.strict ?? true;
  if (strict && /%(?![0-9A-Fa-f]{2})/.test(text))
    throw new UriError('ERR_URI_INVALID_PERCENT_ENCODING', text);
  const decoder = new TextDecoder('utf-8', { fatal: strict });
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Uint8Array.from(run.slice(1).split('%'), (h) => Number.parseInt(h, 16));
    try {
      return decoder.decode(bytes);
    } catch {
      throw new UriError('ERR_URI_INVALID_UTF8', run);
    }
  });
}

export function removeDotSegments(path: string): string {
  // fast-uri removes dot segments while resolving; a rooted scratch base keeps the path as it is.
  const resolved = fastUri.resolve('x-crutch://h/', path.startsWith('/') ? path : `/${path}`, {
    tolerant: true,
  });
  const out = (SPLIT.exec(resolved)![5] ?? '').replace(/^\/?/, path.startsWith('/') ? '/' : '');
  return out;
}

export function resolve(base: string, reference: string): string {
  const b = parse(base);
  if (b.scheme === undefined) throw new UriError('ERR_URI_NOT_ABSOLUTE', base);
  const r = parse(reference);
  // RFC 3986 §5.2.2: a reference with its own scheme is the target (dot segments removed).
  // fast-uri instead resolves `mailto:x@y` against an http base as a relative path.
  if (r.scheme !== undefined) return serialize({ ...r, path: removeDotSegments(r.path) });
  return fastUri.resolve(base, reference, { tolerant: true });
}

export function normalize(uri: string): string {
  parse(uri);
  return fastUri.normalize(uri);
}

export function parseQuery(query: string): [string, string][] {
  return [...new URLSearchParams(query)];
}

export function serializeQuery(pairs: Iterable<readonly [string, string]>): string {
  return new URLSearchParams([...pairs].map(([k, v]): [string, string] => [k, v])).toString();
}
