/**
 * One error class per family, each with a fixed `name` and a stable `code`. Specs assert on the
 * class and the code, never on the message, so the message is free to be helpful.
 */

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

/** A cookie that must not be serialized: it would be malformed, injectable or rejected by browsers. */
export class CookieError extends Error {
  override readonly name = 'CookieError';
  readonly code: CookieErrorCode;
  constructor(code: CookieErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export type SignErrorCode = 'ERR_SIGN_NO_SECRET';

/** Signing was asked for without a usable secret. A bad signature is not an error: unsign returns undefined. */
export class SignError extends Error {
  override readonly name = 'SignError';
  readonly code: SignErrorCode;
  constructor(code: SignErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export type StoreErrorCode = 'ERR_STORE_INVALID_ID' | 'ERR_STORE_INVALID_TTL';

/** A store was called with an id or a time-to-live it must refuse. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export type SessionErrorCode = 'ERR_SESSION_NO_SECRET' | 'ERR_SESSION_WEAK_SECRET';

/** A SessionManager configured insecurely. */
export class SessionError extends Error {
  override readonly name = 'SessionError';
  readonly code: SessionErrorCode;
  constructor(code: SessionErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
