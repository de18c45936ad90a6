/**
 * uri-parser: RFC 3986, Uniform Resource Identifier (URI): Generic Syntax.
 *
 * This file is yours. The names, types and signatures below are final: the specs import
 * them. Replace each `notImplemented(…)` with your code, stage by stage (README.md), and
 * split the work into more files under src/ whenever it helps.
 */
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the stubs ignore their parameters (delete this line once yours use them).
import { notImplemented } from '@hbu/kata-kit/not-implemented';

/**
 * The components of a URI reference (RFC 3986 §3), as written, percent-escapes included.
 *
 *   URI       = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
 *   hier-part = "//" authority path-abempty / path-absolute / path-rootless / path-empty
 *   authority = [ userinfo "@" ] host [ ":" port ]
 *
 * An absent component is `undefined`, a present but empty one is `''`, and the two differ:
 * "http://a/?" has `query: ''`, "http://a/" has no query. The path is always there, maybe `''`.
 */
export interface UriComponents {
  /** "http" in "http://a/", as written (not lowercased). */
  scheme?: string | undefined;
  /** "user:pass" in "http://user:pass@a/". */
  userinfo?: string | undefined;
  /** The host as written; an IP-literal keeps its brackets: "[::1]". "file:///x" has host ''. */
  host?: string | undefined;
  /** The digits as written, a string: "0080" stays "0080", "http://a:/" has port ''. */
  port?: string | undefined;
  path: string;
  query?: string | undefined;
  fragment?: string | undefined;
}

/** The stable codes of UriError. README "Errors" says which input throws which. */
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

/** What every function of this kata throws on bad input. Ready to use: `throw new UriError(…)`. */
export class UriError extends Error {
  override readonly name = 'UriError';
  readonly code: UriErrorCode;

  constructor(code: UriErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Options of `percentDecode`. */
export interface DecodeOptions {
  /**
   * true (the default): a "%" without two hex digits throws ERR_URI_INVALID_PERCENT_ENCODING,
   * octets that are not UTF-8 throw ERR_URI_INVALID_UTF8. false: the former stay as written,
   * the latter become U+FFFD (what browsers do).
   */
  strict?: boolean;
}

/**
 * Splits a URI reference (absolute or relative) into its components and checks each against
 * the §3 grammar. Throws UriError on anything that is not a URI reference.
 *
 * @example parse('http://a/b?c') // { scheme: 'http', host: 'a', path: '/b', query: 'c' }
 */
export function parse(uri: string): UriComponents {
  // TODO: README §1 (split), then §2 (validate).
  return notImplemented('parse', 1);
}

/**
 * Recomposes components into a URI reference (§5.3). Throws UriError when the components
 * could not be read back as themselves (README §2).
 *
 * @example serialize({ scheme: 'http', host: 'a', path: '/', query: '' }) // 'http://a/?'
 */
export function serialize(components: UriComponents): string {
  // TODO: README §1, then §2.
  return notImplemented('serialize', 1);
}

/**
 * UTF-8 percent-encodes `text`: every character except the unreserved ones
 * (ALPHA DIGIT - . _ ~) and the reserved characters listed in `keep`.
 *
 * @example percentEncode('a/b c', '/') // 'a/b%20c'
 */
export function percentEncode(text: string, keep = ''): string {
  // TODO: README §3.
  return notImplemented('percentEncode', 3);
}

/**
 * Decodes the percent-escapes of `text` as UTF-8, once. "+" is not a space here.
 *
 * @example percentDecode('caf%C3%A9') // 'café'
 */
export function percentDecode(text: string, options: DecodeOptions = {}): string {
  // TODO: README §3.
  return notImplemented('percentDecode', 3);
}

/**
 * remove_dot_segments (§5.2.4): interprets "." and ".." segments of a path.
 *
 * @example removeDotSegments('/a/b/c/./../../g') // '/a/g'
 */
export function removeDotSegments(path: string): string {
  // TODO: README §4.
  return notImplemented('removeDotSegments', 4);
}

/**
 * Resolves `reference` against the absolute URI `base` (§5.2, strict).
 *
 * @example resolve('http://a/b/c/d;p?q', '../g') // 'http://a/b/g'
 */
export function resolve(base: string, reference: string): string {
  // TODO: README §4.
  return notImplemented('resolve', 4);
}

/**
 * Syntax-based normalization (§6.2.2) for every URI, plus scheme-based normalization
 * (§6.2.3) for http and https. Two URIs with the same normal form are equivalent.
 *
 * @example normalize('HTTP://Example.COM:80/%7euser/./a') // 'http://example.com/~user/a'
 */
export function normalize(uri: string): string {
  // TODO: README §5.
  return notImplemented('normalize', 5);
}

/**
 * Parses an application/x-www-form-urlencoded query (without its "?").
 *
 * @example parseQuery('a=1&b=x+y&a=2') // [['a', '1'], ['b', 'x y'], ['a', '2']]
 */
export function parseQuery(query: string): [string, string][] {
  // TODO: README §6.
  return notImplemented('parseQuery', 6);
}

/**
 * Serializes pairs as application/x-www-form-urlencoded, the way a browser submits a form.
 *
 * @example serializeQuery([['q', 'a b'], ['x', '~']]) // 'q=a+b&x=%7E'
 */
export function serializeQuery(pairs: Iterable<readonly [string, string]>): string {
  // TODO: README §6.
  return notImplemented('serializeQuery', 6);
}
