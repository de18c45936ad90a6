/** Every way the crawler's client can fail, as a stable code (specs assert on codes only). */
export type CrawlerErrorCode =
  /** Not an absolute http URL, or characters no request line may carry (CVE-2019-9740). */
  | 'ERR_CRAWLER_INVALID_URL'
  /** A scheme this client never fetches: https, file, data, javascript… */
  | 'ERR_CRAWLER_UNSUPPORTED_SCHEME'
  /** A method that is not a token, or a header name/value that could split the request. */
  | 'ERR_CRAWLER_INVALID_REQUEST'
  /** Connection refused, reset, or closed before the response was complete. */
  | 'ERR_CRAWLER_CONNECTION'
  /** The server sent bytes that are not an HTTP/1.x response. */
  | 'ERR_CRAWLER_PROTOCOL'
  /** Connect, head or idle time exceeded `timeoutMs`. */
  | 'ERR_CRAWLER_TIMEOUT'
  /** The (decoded) body exceeded `maxBodyBytes`. */
  | 'ERR_CRAWLER_BODY_TOO_LARGE'
  /** A Content-Encoding this client does not know. */
  | 'ERR_CRAWLER_UNSUPPORTED_ENCODING'
  /** More than 5 stacked content codings (undici CVE-2026-22036). */
  | 'ERR_CRAWLER_TOO_MANY_ENCODINGS'
  /** A coded body that does not decode (corrupt gzip, truncated brotli…). */
  | 'ERR_CRAWLER_DECODE'
  /** More redirects than `maxRedirects`. */
  | 'ERR_CRAWLER_TOO_MANY_REDIRECTS'
  /** A redirect back to a request already made in this chain. */
  | 'ERR_CRAWLER_REDIRECT_LOOP'
  /** A 3xx whose Location is missing or not a URI reference. */
  | 'ERR_CRAWLER_INVALID_REDIRECT'
  /** The request was aborted through `signal`, or its agent was closed. */
  | 'ERR_CRAWLER_ABORTED';

/** What `request`, `submitForm` and `crawl` throw. */
export class CrawlerError extends Error {
  override readonly name = 'CrawlerError';
  readonly code: CrawlerErrorCode;

  constructor(code: CrawlerErrorCode, message: string = code, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
