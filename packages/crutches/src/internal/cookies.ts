/**
 * session-store crutch, part 1: the cookie functions over `cookie` and `cookie-signature`, and
 * the kata's error classes.
 */
import { createRequire } from 'node:module';
import * as jar from 'cookie';

// cookie-signature ships no types: the two functions used here, typed.
const signature = createRequire(import.meta.url)('cookie-signature') as {
  sign(value: string, secret: string): string;
  unsign(input: string, secret: string): string | false;
};

function coded<C extends string>(name: string) {
  return class extends Error {
    override readonly name: string = name;
    readonly code: C;
    constructor(code: C, message: string) {
      super(message);
      this.code = code;
    }
  };
}

export type CookieErrorCode =
  | 'ERR_COOKIE_INVALID_NAME'
  | 'ERR_COOKIE_INVALID_VALUE'
  | 'ERR_COOKIE_INVALID_PATH'
  | 'ERR_COOKIE_INVALID_DOMAIN'
  | 'ERR_COOKIE_INVALID_EXPIRES'
  | 'ERR_COOKIE_INVALID_MAX_AGE'
  | 'ERR_COOKIE_INVALID_SAMESITE'
  | 'ERR_COOKIE_REQUIRES_SECURE'
  | 'ERR_COOKIE_PREFIX';
export class CookieError extends coded<CookieErrorCode>('CookieError') {
  override readonly name = 'CookieError';
}
export type SignErrorCode = 'ERR_SIGN_NO_SECRET';
export class SignError extends coded<SignErrorCode>('SignError') {
  override readonly name = 'SignError';
}
export type StoreErrorCode = 'ERR_STORE_INVALID_ID' | 'ERR_STORE_INVALID_TTL';
export class StoreError extends coded<StoreErrorCode>('StoreError') {
  override readonly name = 'StoreError';
}
export type SessionErrorCode = 'ERR_SESSION_NO_SECRET' | 'ERR_SESSION_WEAK_SECRET';
export class SessionError extends coded<SessionErrorCode>('SessionError') {
  override readonly name = 'SessionError';
}

export function parseCookie(header: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(jar.parseCookie(header))) {
    if (name !== '' && value !== undefined) map.set(name, value);
  }
  return map;
}

export type SameSite = 'Strict' | 'Lax' | 'None';

export interface CookieAttributes {
  expires?: Date;
  maxAge?: number;
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: SameSite;
  partitioned?: boolean;
}

/** `cookie`'s TypeError messages name the argument or option at fault. */
const CULPRITS: Array<[RegExp, CookieErrorCode]> = [
  [/argument name/, 'ERR_COOKIE_INVALID_NAME'],
  [/argument val/, 'ERR_COOKIE_INVALID_VALUE'],
  [/option domain/, 'ERR_COOKIE_INVALID_DOMAIN'],
  [/option path/, 'ERR_COOKIE_INVALID_PATH'],
  [/option expires/, 'ERR_COOKIE_INVALID_EXPIRES'],
  [/option maxAge/, 'ERR_COOKIE_INVALID_MAX_AGE'],
  [/option (sameSite|priority)/, 'ERR_COOKIE_INVALID_SAMESITE'],
];

export function serializeSetCookie(
  name: string,
  value: string,
  attributes: CookieAttributes = {},
): string {
  const a = attributes;
  if ((a.sameSite === 'None' || a.partitioned) && !a.secure)
    throw new CookieError(
      'ERR_COOKIE_REQUIRES_SECURE',
      'SameSite=None and Partitioned need Secure',
    );
  if (/^__(Secure|Host)-/i.test(name) && !a.secure)
    throw new CookieError('ERR_COOKIE_PREFIX', 'prefix needs Secure');
  if (/^__Host-/i.test(name) && (a.domain !== undefined || a.path !== '/'))
    throw new CookieError('ERR_COOKIE_PREFIX', '__Host- needs Path=/ and no Domain');
  try {
    const sameSite = a.sameSite?.toLowerCase() as 'strict' | 'lax' | 'none' | undefined;
    return jar.serialize(name, value, { ...a, sameSite, encode: (v: string) => v });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = CULPRITS.find(([re]) => re.test(message))?.[1] ?? 'ERR_COOKIE_INVALID_VALUE';
    throw new CookieError(code, message);
  }
}

export interface ParsedSetCookie {
  name: string;
  value: string;
  expires?: Date;
  maxAge?: number;
  domain?: string;
  path?: string;
  secure: boolean;
  httpOnly: boolean;
  partitioned: boolean;
  sameSite?: SameSite;
  expiresAt?: number;
}

export function parseSetCookie(
  header: string,
  now: number = Date.now(),
): ParsedSetCookie | undefined {
  const c = jar.parseSetCookie(header, { decode: (v: string) => v });
  if (c.name === '') return undefined;
  const out: ParsedSetCookie = {
    name: c.name,
    value: c.value ?? '',
    secure: c.secure === true,
    httpOnly: c.httpOnly === true,
    partitioned: c.partitioned === true,
  };
  if (c.expires !== undefined && !Number.isNaN(c.expires.getTime())) out.expires = c.expires;
  if (c.maxAge !== undefined) out.maxAge = c.maxAge;
  if (c.domain !== undefined) out.domain = c.domain.replace(/^\./, '').toLowerCase();
  if (c.path?.startsWith('/')) out.path = c.path;
  const site = typeof c.sameSite === 'string' ? c.sameSite.toLowerCase() : '';
  if (site === 'strict' || site === 'lax' || site === 'none')
    out.sameSite = `${site[0]!.toUpperCase()}${site.slice(1)}` as SameSite;
  if (out.maxAge !== undefined) out.expiresAt = out.maxAge <= 0 ? 0 : now + out.maxAge * 1000;
  else if (out.expires !== undefined) out.expiresAt = out.expires.getTime();
  return out;
}

export function sign(value: string, secret: string): string {
  if (secret === '') throw new SignError('ERR_SIGN_NO_SECRET', 'sign needs a non-empty secret');
  return signature.sign(value, secret);
}

export function unsign(signed: string, secrets: readonly string[]): string | undefined {
  if (secrets.length === 0 || secrets.includes(''))
    throw new SignError('ERR_SIGN_NO_SECRET', 'a secret is required');
  for (const secret of secrets) {
    const value = signature.unsign(signed, secret);
    if (value !== false) return value;
  }
  return undefined;
}
