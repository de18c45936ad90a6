/** Resource limits: every unbounded thing an attacker controls gets a ceiling. */

/** Resource limits. Each violation is an `HttpParseError` with the code named. */
export interface ParserLimits {
  /** Request line / status line bytes, without CRLF (ERR_HTTP_START_LINE_TOO_LONG). */
  maxStartLineBytes: number;
  /** request-target bytes (ERR_HTTP_URI_TOO_LONG). */
  maxTargetBytes: number;
  /** Header section bytes after the start line, CRLFs included; same for trailers (…HEADER_TOO_LARGE). */
  maxHeaderBytes: number;
  /** Field lines in the header section; same for trailers (ERR_HTTP_TOO_MANY_HEADERS). */
  maxHeaderCount: number;
  /** Body bytes of one message after transfer decoding (ERR_HTTP_BODY_TOO_LARGE). */
  maxBodyBytes: number;
  /** Bytes of chunk-ext on one chunk line (ERR_HTTP_CHUNK_EXTENSION_TOO_LARGE). */
  maxChunkExtensionBytes: number;
}

export interface ParserOptions {
  /** Overrides some of `DEFAULT_LIMITS`. */
  limits?: Partial<ParserLimits>;
  /**
   * Accept a bare LF as a line terminator (RFC 9112 §2.2 allows a recipient to). Off by
   * default: CVE-2022-32214. A bare CR is never accepted.
   */
  lenientLineEndings?: boolean;
}

/** Sane defaults, close to what Node and nginx use. */
export const DEFAULT_LIMITS: ParserLimits = Object.freeze({
  maxStartLineBytes: 8192,
  maxTargetBytes: 8000,
  maxHeaderBytes: 16_384,
  maxHeaderCount: 100,
  maxBodyBytes: 10 * 1024 * 1024,
  maxChunkExtensionBytes: 1024,
});

/** The defaults overridden by whatever the caller gave (undefined entries keep the default). */
export function resolveLimits(given: Partial<ParserLimits> | undefined): ParserLimits {
  const out: ParserLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof ParserLimits>) {
    const value = given?.[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
