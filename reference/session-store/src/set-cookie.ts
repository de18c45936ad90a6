import { CookieError } from './errors.ts';

/**
 * Serializing a `Set-Cookie` response header (RFC 6265 §4.1, cookie prefixes from RFC 6265bis
 * §4.1.3). Everything is validated, nothing is encoded: a value that needs encoding is the
 * caller's decision (encodeURIComponent), a value that cannot be sent is an error. Silently
 * "fixing" input is how attribute injection happens (CVE-2024-47764).
 */

export type SameSite = 'Strict' | 'Lax' | 'None';

export interface CookieAttributes {
  expires?: Date;
  /** Seconds; 0 or negative deletes the cookie. */
  maxAge?: number;
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: SameSite;
  partitioned?: boolean;
}

/**
 *   cookie-name  = token                                  (RFC 9110 §5.6.2)
 *   tchar        = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
 *                  "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
 */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 *   cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )
 *   cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
 *                  ; US-ASCII characters excluding CTLs, whitespace, DQUOTE, comma, semicolon
 *                  ; and backslash
 */
const COOKIE_VALUE =
  /^(?:[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*|"[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*")$/;

/**
 *   path-value = *av-octet
 *   av-octet   = %x20-3A / %x3C-7E    ; any CHAR except CTLs or ";"
 * Anything above 0x7E is refused too: Node writes headers as latin1, so U+013B would leave the
 * socket as ";" and open the attribute list again.
 */
const PATH_VALUE = /^[\x20-\x3A\x3C-\x7E]*$/;

/**
 *   domain-value = <subdomain>   ; RFC 1034 §3.5 as enhanced by RFC 1123 §2.1
 *   <label>      = <let-dig> [ [ <ldh-str> ] <let-dig> ], at most 63 characters
 * A leading "." is tolerated (§5.2.3 ignores it).
 */
const DOMAIN_VALUE =
  /^\.?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const SAME_SITE: ReadonlySet<string> = new Set(['Strict', 'Lax', 'None']);

/**
 * Builds the value of one Set-Cookie header:
 * `name=value`, then Expires, Max-Age, Domain, Path, Secure, HttpOnly, SameSite, Partitioned
 * (the order of the set-cookie-av list in §4.1.1, newer attributes last).
 */
export function serializeSetCookie(
  name: string,
  value: string,
  attributes: CookieAttributes = {},
): string {
  if (!TOKEN.test(name))
    throw new CookieError('ERR_COOKIE_INVALID_NAME', 'cookie name must be a token');
  if (!COOKIE_VALUE.test(value)) {
    throw new CookieError('ERR_COOKIE_INVALID_VALUE', 'cookie value must be cookie-octets');
  }
  checkPrefix(name, attributes);
  let out = `${name}=${value}`;
  const { expires, maxAge, domain, path } = attributes;
  if (expires !== undefined) {
    if (!(expires instanceof Date) || Number.isNaN(expires.getTime())) {
      throw new CookieError('ERR_COOKIE_INVALID_EXPIRES', 'Expires must be a valid Date');
    }
    // sane-cookie-date = rfc1123-date (§4.1.1), which toUTCString produces.
    out += `; Expires=${expires.toUTCString()}`;
  }
  if (maxAge !== undefined) {
    if (!Number.isSafeInteger(maxAge)) {
      throw new CookieError('ERR_COOKIE_INVALID_MAX_AGE', 'Max-Age must be an integer');
    }
    out += `; Max-Age=${maxAge}`;
  }
  if (domain !== undefined) {
    if (!DOMAIN_VALUE.test(domain)) {
      throw new CookieError('ERR_COOKIE_INVALID_DOMAIN', 'Domain must be a host name');
    }
    out += `; Domain=${domain}`;
  }
  if (path !== undefined) {
    if (!PATH_VALUE.test(path)) {
      throw new CookieError('ERR_COOKIE_INVALID_PATH', 'Path must not hold ";" or controls');
    }
    out += `; Path=${path}`;
  }
  if (attributes.secure === true) out += '; Secure';
  if (attributes.httpOnly === true) out += '; HttpOnly';
  if (attributes.sameSite !== undefined) {
    if (!SAME_SITE.has(attributes.sameSite)) {
      throw new CookieError('ERR_COOKIE_INVALID_SAMESITE', 'SameSite is Strict, Lax or None');
    }
    // Browsers reject SameSite=None without Secure; better to fail here than in production.
    if (attributes.sameSite === 'None') requireSecure(attributes, 'SameSite=None');
    out += `; SameSite=${attributes.sameSite}`;
  }
  if (attributes.partitioned === true) {
    requireSecure(attributes, 'Partitioned');
    out += '; Partitioned';
  }
  return out;
}

/**
 * RFC 6265bis §4.1.3, matched case-insensitively as user agents do:
 * - `__Secure-` requires Secure;
 * - `__Host-` requires Secure, Path=/ and no Domain, so the cookie is pinned to one origin.
 */
function checkPrefix(name: string, attributes: CookieAttributes): void {
  const lower = name.toLowerCase();
  const host = lower.startsWith('__host-');
  if (!host && !lower.startsWith('__secure-')) return;
  if (attributes.secure !== true) {
    throw new CookieError('ERR_COOKIE_PREFIX', 'a __Secure- or __Host- cookie needs Secure');
  }
  if (host && (attributes.domain !== undefined || attributes.path !== '/')) {
    throw new CookieError('ERR_COOKIE_PREFIX', 'a __Host- cookie needs Path=/ and no Domain');
  }
}

function requireSecure(attributes: CookieAttributes, what: string): void {
  if (attributes.secure !== true) {
    throw new CookieError('ERR_COOKIE_REQUIRES_SECURE', `${what} requires Secure`);
  }
}
