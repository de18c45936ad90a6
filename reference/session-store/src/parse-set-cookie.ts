import { parseCookieDate } from './cookie-date.ts';
import type { SameSite } from './set-cookie.ts';

/**
 * Reading a `Set-Cookie` header as a user agent does (RFC 6265 §5.2, SameSite and Partitioned
 * from RFC 6265bis). Unknown or malformed attributes are ignored, never fatal.
 */

export interface ParsedSetCookie {
  name: string;
  /** Raw: a user agent stores the octets it received, it does not percent-decode them. */
  value: string;
  expires?: Date;
  maxAge?: number;
  domain?: string;
  path?: string;
  secure: boolean;
  httpOnly: boolean;
  partitioned: boolean;
  sameSite?: SameSite;
  /**
   * When the cookie expires, in ms since the epoch, relative to `now` (§5.3 step 3): Max-Age
   * wins over Expires; Max-Age ≤ 0 means "the earliest representable time", here 0.
   * Undefined for a session cookie.
   */
  expiresAt?: number;
}

/** Returns undefined when §5.2 says to ignore the whole header (no "=", or an empty name). */
export function parseSetCookie(
  header: string,
  now: number = Date.now(),
): ParsedSetCookie | undefined {
  const semi = header.indexOf(';');
  const pair = semi === -1 ? header : header.slice(0, semi);
  const eq = pair.indexOf('=');
  if (eq === -1) return undefined;
  const name = wspTrim(pair.slice(0, eq));
  if (name === '') return undefined;
  const cookie: ParsedSetCookie = {
    name,
    value: wspTrim(pair.slice(eq + 1)),
    secure: false,
    httpOnly: false,
    partitioned: false,
  };
  if (semi === -1) return cookie;
  // §5.2 step 6 onwards: every ";"-separated attribute; the last occurrence of a name wins.
  for (const av of header.slice(semi + 1).split(';')) {
    const at = av.indexOf('=');
    const key = wspTrim(at === -1 ? av : av.slice(0, at)).toLowerCase();
    const val = at === -1 ? '' : wspTrim(av.slice(at + 1));
    applyAttribute(cookie, key, val);
  }
  if (cookie.maxAge !== undefined) {
    cookie.expiresAt = cookie.maxAge <= 0 ? 0 : now + cookie.maxAge * 1000;
  } else if (cookie.expires !== undefined) {
    cookie.expiresAt = cookie.expires.getTime();
  }
  return cookie;
}

function applyAttribute(cookie: ParsedSetCookie, key: string, val: string): void {
  switch (key) {
    case 'expires': {
      // §5.2.1: ignore the attribute when the date does not parse.
      const ms = parseCookieDate(val);
      if (ms !== undefined) cookie.expires = new Date(ms);
      return;
    }
    case 'max-age':
      // §5.2.2: the first character must be a DIGIT or "-", the rest DIGITs; otherwise ignore.
      if (/^-?\d+$/.test(val)) cookie.maxAge = Number(val);
      return;
    case 'domain':
      // §5.2.3: empty is ignored; a leading "." is dropped; the domain is lower-cased.
      if (val !== '') cookie.domain = (val.startsWith('.') ? val.slice(1) : val).toLowerCase();
      return;
    case 'path':
      // §5.2.4: a path that does not start with "/" means "use the default-path".
      if (val.startsWith('/')) cookie.path = val;
      else delete cookie.path;
      return;
    case 'secure':
      cookie.secure = true;
      return;
    case 'httponly':
      cookie.httpOnly = true;
      return;
    case 'partitioned':
      cookie.partitioned = true;
      return;
    case 'samesite': {
      const lower = val.toLowerCase();
      if (lower === 'strict') cookie.sameSite = 'Strict';
      else if (lower === 'lax') cookie.sameSite = 'Lax';
      else if (lower === 'none') cookie.sameSite = 'None';
      return;
    }
  }
}

function wspTrim(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}
