/**
 * The interface itself (PEP 3333, translated): what an application is, what it receives, what it
 * returns. See the kata's README, "The interface".
 */

/** `gateway.version`: the interface version, `[1, 0]`. */
export type GatewayVersion = readonly [1, 0];

/**
 * `gateway.input`: the request body. Reads at most the body's length and then reports EOF (an
 * empty chunk from `read`, the end of iteration). Never has a `close` an application may call.
 */
export interface InputStream extends AsyncIterable<Uint8Array> {
  /** Up to `size` bytes (all that is left when omitted); an empty array at EOF. */
  read(size?: number): Promise<Uint8Array>;
  /** Bytes up to and including the next LF (at most `limit`), or what is left; empty at EOF. */
  readLine(limit?: number): Promise<Uint8Array>;
}

/** `gateway.errors`: where an application writes diagnostics (text). */
export interface ErrorStream {
  write(text: string): void;
  flush(): void;
}

/**
 * The request, as CGI variables plus the `gateway.*` keys (PEP 3333 "environ Variables").
 * `HTTP_*` keys hold the request's header fields (`User-Agent` → `HTTP_USER_AGENT`), except
 * Content-Type and Content-Length, which are `CONTENT_TYPE` and `CONTENT_LENGTH`.
 */
export interface Environ {
  REQUEST_METHOD: string;
  /** The part of the path that led to this application (mount point); "" at the root, never "/". */
  SCRIPT_NAME: string;
  /** The rest of the path, percent-decoded (UTF-8); "" or starting with "/". */
  PATH_INFO: string;
  /** The part of the target after "?", as received (still encoded); "" when absent. */
  QUERY_STRING: string;
  CONTENT_TYPE?: string;
  CONTENT_LENGTH?: string;
  SERVER_NAME: string;
  SERVER_PORT: string;
  /** `HTTP/1.0` or `HTTP/1.1`. */
  SERVER_PROTOCOL: string;
  REMOTE_ADDR?: string;
  REMOTE_PORT?: string;
  'gateway.version': GatewayVersion;
  'gateway.url_scheme': 'http' | 'https';
  'gateway.input': InputStream;
  'gateway.errors': ErrorStream;
  /** Whether another request may run the same application object at the same time. */
  'gateway.multithread': boolean;
  /** Whether another process may run the same application object. */
  'gateway.multiprocess': boolean;
  /** Whether the application is run once in the life of its process (CGI). */
  'gateway.run_once': boolean;
  /** True when `gateway.input` ends at the body's end even without CONTENT_LENGTH (chunked). */
  'gateway.input_terminated'?: boolean;
  [key: string]: unknown;
}

/** One response field: `[name, value]`. */
export type Header = [name: string, value: string];

/** The legacy `write(data)` that `startResponse` returns (PEP 3333 "The write() Callable"). */
export type Write = (data: Uint8Array) => void;

/**
 * `startResponse(status, headers, excInfo?)`: records the status (`'200 OK'`) and the fields.
 * Nothing is sent yet. Called again only with `excInfo` (the error being handled): before the
 * head is sent that replaces status and fields; after, it throws `excInfo`.
 */
export type StartResponse = (status: string, headers: Header[], excInfo?: unknown) => Write;

/** What an application returns: the body, chunk by chunk; `return()` is PEP 3333's `close()`. */
export type Body = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** An application: called once per request. */
export type App = (environ: Environ, startResponse: StartResponse) => Body;

/** Options of `serve`. */
export interface ServeOptions {
  /** SERVER_NAME (default: the address the connection was accepted on). */
  serverName?: string;
  /** `gateway.url_scheme` (default 'http'). */
  urlScheme?: 'http' | 'https';
  /** Called with every error of an application (and every broken rule the server catches). */
  onError?: (error: unknown, environ: Environ | undefined) => void;
  /** Largest request header section (default 16 KiB; more is a 431). */
  maxHeaderBytes?: number;
  /** Largest request body (default 10 MiB; more is a 413). */
  maxBodyBytes?: number;
  /** Close an idle keep-alive connection after this long (default 5 s). */
  keepAliveTimeoutMs?: number;
}
