/**
 * parse: RFC 3986 §3 and Appendix B.
 *
 *   URI-reference = URI / relative-ref
 *   URI           = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
 *   relative-ref  = relative-part [ "?" query ] [ "#" fragment ]
 *   relative-part = "//" authority path-abempty / path-absolute / path-noscheme / path-empty
 *
 * Three steps: reject characters a URI never contains, split with the Appendix B regular
 * expression (which accepts any string), then hold each component to its own rule.
 */
import { checkCharacters, checkComponent, firstSegment } from './components.ts';
import { UriError } from './errors.ts';
import type { UriComponents } from './types.ts';

// Appendix B:  ^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?
//                12            3  4          5       6  7        8 9
// scheme = $2, authority = $4, path = $5, query = $7, fragment = $9. An unmatched group
// is undefined, which is exactly "component not defined".
const APPENDIX_B = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

export function parse(uri: string): UriComponents {
  checkCharacters(uri, 'URI');
  const [, scheme, authority, path = '', query, fragment] = APPENDIX_B.exec(uri)!;
  checkComponent('scheme', scheme);
  // relative-ref has no scheme, so its first segment may not contain ":" (path-noscheme):
  // ":x" would otherwise be a URI with an empty scheme. (After an authority, the path starts
  // with "/", so its first segment is empty.)
  if (scheme === undefined && firstSegment(path).includes(':')) {
    throw new UriError('ERR_URI_INVALID_SCHEME', `empty scheme in ${JSON.stringify(uri)}`);
  }
  const { userinfo, host, port } = splitAuthority(authority);
  checkComponent('userinfo', userinfo);
  checkComponent('host', host);
  checkComponent('port', port);
  checkComponent('path', path);
  checkComponent('query', query);
  checkComponent('fragment', fragment);
  return { scheme, userinfo, host, port, path, query, fragment };
}

/**
 * authority = [ userinfo "@" ] host [ ":" port ]                      (§3.2)
 *
 * Neither host nor port may contain "@", so the userinfo ends at the last "@" (a userinfo
 * holding another "@" then fails its own rule). An IP-literal runs to its "]"; a reg-name
 * cannot contain ":", so the host ends at the first ":" after that. Whatever lands in the
 * host is then checked as a whole: "[::1]x" and "a[b]" are not hosts.
 */
function splitAuthority(
  authority: string | undefined,
): Pick<UriComponents, 'userinfo' | 'host' | 'port'> {
  if (authority === undefined) return {};
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? undefined : authority.slice(0, at);
  const hostPort = authority.slice(at + 1);
  const literalEnd = hostPort.startsWith('[') ? hostPort.indexOf(']') + 1 : 0;
  const colon = hostPort.indexOf(':', literalEnd);
  if (colon === -1) return { userinfo, host: hostPort };
  return { userinfo, host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}
