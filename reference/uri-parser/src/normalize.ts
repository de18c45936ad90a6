/**
 * normalize: RFC 3986 §6.2.2 syntax-based normalization for every URI, plus §6.2.3
 * scheme-based normalization for http and https (RFC 9110 §4.2.3).
 */
import { recompose } from './components.ts';
import { cleanPath } from './dot-segments.ts';
import { parse } from './parse.ts';
import { normalizePercentEncoding } from './percent.ts';

/**
 * Schemes whose normalization we know: their default port, and "" → "/" for the path. A Map,
 * not an object literal: `{ http: '80' }['constructor']` is a function, and "constructor" is
 * a valid scheme.
 */
const DEFAULT_PORT = new Map<string | undefined, string>([
  ['http', '80'],
  ['https', '443'],
]);

export function normalize(uri: string): string {
  const c = parse(uri);
  // §6.2.2.1 Case: the scheme and the host are case-insensitive; nothing else is.
  const scheme = c.scheme?.toLowerCase();
  const defaultPort = DEFAULT_PORT.get(scheme);
  const host = c.host === undefined ? undefined : normalizePercentEncoding(c.host, true);
  // §6.2.2.2 Percent-Encoding: decode unreserved characters, uppercase the rest.
  let path = normalizePercentEncoding(c.path);
  // §6.2.2.3 Path Segment: remove dot segments, as resolution would. A relative-path
  // reference ("../a") is left alone: its dot segments mean something until it is resolved.
  if (scheme !== undefined || path.startsWith('/')) path = cleanPath(path, host !== undefined);
  let port = c.port;
  if (defaultPort !== undefined) {
    // §6.2.3: "http://example.com:/" and "http://example.com:80/" are "http://example.com/";
    // the port is a number, so "0080" is 80 too.
    port = port?.replace(/^0+(?=[0-9])/, '');
    if (port === '' || port === defaultPort) port = undefined;
    // §6.2.3: "an empty path component [is] equivalent to an absolute path of "/"".
    if (host !== undefined && path === '') path = '/';
  }
  return recompose({
    scheme,
    userinfo: c.userinfo === undefined ? undefined : normalizePercentEncoding(c.userinfo),
    host,
    port,
    path,
    query: c.query === undefined ? undefined : normalizePercentEncoding(c.query),
    fragment: c.fragment === undefined ? undefined : normalizePercentEncoding(c.fragment),
  });
}
