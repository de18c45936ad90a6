/**
 * Every failure of this kata is a `UriError` with a stable `code`. Callers (and the specs)
 * branch on the code, never on the message, which is free to improve.
 */
export type UriErrorCode =
  /** A character that may not appear in a URI at all: space, controls, `"<>\^`{|}`, non-ASCII. */
  | 'ERR_URI_INVALID_CHARACTER'
  /** A `%` that is not followed by two hexadecimal digits. */
  | 'ERR_URI_INVALID_PERCENT_ENCODING'
  /** Percent-encoded octets that are not well-formed UTF-8. */
  | 'ERR_URI_INVALID_UTF8'
  | 'ERR_URI_INVALID_SCHEME'
  | 'ERR_URI_INVALID_USERINFO'
  | 'ERR_URI_INVALID_HOST'
  | 'ERR_URI_INVALID_PORT'
  | 'ERR_URI_INVALID_PATH'
  | 'ERR_URI_INVALID_QUERY'
  | 'ERR_URI_INVALID_FRAGMENT'
  /** A base URI (for `resolve`) without a scheme: RFC 3986 §5.1 needs an absolute base. */
  | 'ERR_URI_NOT_ABSOLUTE';

export class UriError extends Error {
  override readonly name = 'UriError';
  readonly code: UriErrorCode;

  constructor(code: UriErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
