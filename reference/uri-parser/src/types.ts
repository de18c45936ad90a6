/**
 * The five components of RFC 3986 §3, with the authority split into its three parts.
 *
 *   URI         = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
 *   hier-part   = "//" authority path-abempty / path-absolute / path-rootless / path-empty
 *   authority   = [ userinfo "@" ] host [ ":" port ]
 *
 * An absent component is `undefined`; a present but empty one is `''`. The two differ:
 * "http://a/?" has an empty query, "http://a/" has none (§5.3, §6.2.3). Every component is
 * kept as written, percent-escapes included; the path is always present, possibly empty.
 */
export interface UriComponents {
  scheme?: string | undefined;
  userinfo?: string | undefined;
  /** The host as written, an IP-literal with its brackets: "[::1]". */
  host?: string | undefined;
  /** The digits as written: "0080" stays "0080", "http://a:/" has port "". */
  port?: string | undefined;
  path: string;
  query?: string | undefined;
  fragment?: string | undefined;
}
