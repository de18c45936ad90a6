/**
 * gateway — a WSGI for TypeScript: PEP 3333's interface between a web server and a web
 * application, translated; a server for it on node:net; a validator; middleware; adapters to the
 * fetch-handler shape of Hono, Deno, Bun and Workers.
 *
 * This file is the stub: every exported name, type and doc comment is final; every function that
 * does work throws `NotImplementedError` naming the README stage to read. The types and the
 * error class are real: they ARE the interface. Split your solution into as many modules as you
 * like behind this file, but keep these exports.
 *
 * Requests are read with YOUR parser from kata 7, imported through `./prereqs.ts` (one line to
 * change if you want the crutch instead; README, "Before you start").
 */
import type { Server } from 'node:net';
import { notImplemented } from '@hbu/kata-kit/not-implemented';
// biome-ignore lint/correctness/noUnusedImports: the stub does no work yet; your server will use them
import { RequestParser } from './prereqs.ts';

// ---------------------------------------------------------------------------------------------
// The interface (README "The interface")
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Errors (real: the codes are the interface)
// ---------------------------------------------------------------------------------------------

/** The rules `validate` checks (README §4): one code per rule, with the rule in words. */
export const VALIDATE_RULES = {
  ERR_GATEWAY_APP_ARGUMENTS: 'the application is called with exactly (environ, startResponse)',
  ERR_GATEWAY_ENVIRON_NOT_OBJECT: 'environ is a plain object',
  ERR_GATEWAY_ENVIRON_MISSING_KEY: 'environ has every required key',
  ERR_GATEWAY_ENVIRON_HTTP_CONTENT_TYPE: 'no HTTP_CONTENT_TYPE (it is CONTENT_TYPE)',
  ERR_GATEWAY_ENVIRON_HTTP_CONTENT_LENGTH: 'no HTTP_CONTENT_LENGTH (it is CONTENT_LENGTH)',
  ERR_GATEWAY_ENVIRON_NOT_STRING: 'every CGI key (no dot in its name) holds a string',
  ERR_GATEWAY_ENVIRON_VERSION: 'gateway.version is [1, 0]',
  ERR_GATEWAY_ENVIRON_URL_SCHEME: "gateway.url_scheme is 'http' or 'https'",
  ERR_GATEWAY_ENVIRON_FLAGS: 'gateway.multithread, multiprocess and run_once are booleans',
  ERR_GATEWAY_ENVIRON_METHOD: 'REQUEST_METHOD is a token',
  ERR_GATEWAY_ENVIRON_SCRIPT_NAME: "SCRIPT_NAME is empty or starts with '/'",
  ERR_GATEWAY_ENVIRON_SCRIPT_NAME_ROOT: "SCRIPT_NAME is never '/'",
  ERR_GATEWAY_ENVIRON_PATH_INFO: "PATH_INFO is empty or starts with '/'",
  ERR_GATEWAY_ENVIRON_NO_PATH: 'SCRIPT_NAME or PATH_INFO is non-empty',
  ERR_GATEWAY_ENVIRON_CONTENT_LENGTH: 'CONTENT_LENGTH, when present and non-empty, is digits',
  ERR_GATEWAY_ENVIRON_SERVER_PORT: 'SERVER_PORT is digits',
  ERR_GATEWAY_ENVIRON_PROTOCOL: 'SERVER_PROTOCOL is HTTP/<digit>.<digit>',
  ERR_GATEWAY_INPUT_SHAPE: 'gateway.input has read, readLine and async iteration',
  ERR_GATEWAY_INPUT_READ_ARGUMENT: 'input.read(size): size is omitted or a non-negative integer',
  ERR_GATEWAY_INPUT_READ_RESULT: 'input.read resolves to a Uint8Array',
  ERR_GATEWAY_INPUT_READ_TOO_MUCH: 'input.read(size) returns at most size bytes',
  ERR_GATEWAY_INPUT_READLINE_RESULT: 'input.readLine resolves to a Uint8Array',
  ERR_GATEWAY_INPUT_ITERATION_RESULT: 'iterating input yields Uint8Arrays',
  ERR_GATEWAY_INPUT_CLOSE: 'an application never closes gateway.input',
  ERR_GATEWAY_ERRORS_SHAPE: 'gateway.errors has write and flush',
  ERR_GATEWAY_ERRORS_WRITE_ARGUMENT: 'errors.write takes a string',
  ERR_GATEWAY_ERRORS_CLOSE: 'an application never closes gateway.errors',
  ERR_GATEWAY_START_RESPONSE_ARGUMENTS: 'startResponse takes 2 or 3 arguments',
  ERR_GATEWAY_STATUS_NOT_STRING: 'the status is a string',
  ERR_GATEWAY_STATUS_FORMAT: "the status is three digits, a space and a reason ('200 OK')",
  ERR_GATEWAY_STATUS_CODE: 'the status code is at least 100',
  ERR_GATEWAY_STATUS_CONTROL: 'the status has no control characters (CR, LF…)',
  ERR_GATEWAY_HEADERS_NOT_ARRAY: 'the headers are an array',
  ERR_GATEWAY_HEADER_NOT_PAIR: 'each header is a [name, value] pair',
  ERR_GATEWAY_HEADER_NOT_STRING: 'header names and values are strings',
  ERR_GATEWAY_HEADER_STATUS: 'no Status header (the status is the first argument)',
  ERR_GATEWAY_HEADER_NAME: 'a header name is a token (no colon, space, CR or LF)',
  ERR_GATEWAY_HEADER_NAME_END: "a header name does not end in '-' or '_'",
  ERR_GATEWAY_HEADER_VALUE: 'a header value has no control characters (response splitting)',
  ERR_GATEWAY_HOP_BY_HOP: 'no hop-by-hop header (Connection, Transfer-Encoding…)',
  ERR_GATEWAY_NO_CONTENT_TYPE: 'Content-Type is present, except for 204 and 304',
  ERR_GATEWAY_CONTENT_TYPE_NOT_ALLOWED: 'a 204 or 304 response has no Content-Type',
  ERR_GATEWAY_EXC_INFO: 'excInfo is undefined or an Error',
  ERR_GATEWAY_START_RESPONSE_TWICE: 'startResponse is called again only with excInfo',
  ERR_GATEWAY_WRITE_ARGUMENT: 'write(data) takes a Uint8Array',
  ERR_GATEWAY_BODY_NOT_ITERABLE: 'the application returns an iterable (an empty array at least)',
  ERR_GATEWAY_BODY_STRING: 'the application does not return a string',
  ERR_GATEWAY_BODY_CHUNK: 'the body yields Uint8Arrays',
  ERR_GATEWAY_BODY_BEFORE_START: 'startResponse is called before the first chunk is yielded',
  ERR_GATEWAY_ITERATE_AFTER_CLOSE: 'the server never iterates the body after closing it',
  ERR_GATEWAY_NOT_CLOSED: 'the server closes the body (return()) when it is done with it',
} as const;

/** Rules the server, mount and readForm enforce. */
export const GATEWAY_RULES = {
  ERR_GATEWAY_NO_START_RESPONSE: 'the body ended and startResponse was never called',
  ERR_GATEWAY_CONTENT_LENGTH_EXCEEDED: 'the body is longer than its Content-Length',
  ERR_GATEWAY_CONTENT_LENGTH_SHORT: 'the body is shorter than its Content-Length',
  ERR_GATEWAY_INPUT_ABORTED: 'the client went away before the request body ended',
  ERR_GATEWAY_CLIENT_GONE: 'the client went away while the response was being sent',
  ERR_GATEWAY_INVALID_MOUNT: "a mount point is '/' or '/segment…' without a trailing slash",
  ERR_GATEWAY_FORM_TYPE: 'readForm reads urlencoded or multipart/form-data only',
  ERR_GATEWAY_FORM_BOUNDARY: 'multipart/form-data has a valid boundary parameter',
  ERR_GATEWAY_FORM_MALFORMED: 'the multipart body has delimiters, part heads and a close delimiter',
  ERR_GATEWAY_FORM_PART_TOO_LARGE: 'no part is larger than maxPartBytes',
  ERR_GATEWAY_FORM_TOO_MANY_PARTS: 'no more parts than maxParts',
  ERR_GATEWAY_FORM_HEADER_TOO_LARGE: 'a part head is at most maxHeaderBytes',
} as const;

export type GatewayErrorCode = keyof typeof VALIDATE_RULES | keyof typeof GATEWAY_RULES;

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, detail?: string) {
    const rule =
      (VALIDATE_RULES as Record<string, string>)[code] ??
      (GATEWAY_RULES as Record<string, string>)[code];
    super(detail === undefined ? `${code}: ${rule}` : `${code}: ${rule} (${detail})`);
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Applications
// ---------------------------------------------------------------------------------------------

/** `Hello, world!\n` as `text/plain; charset=utf-8`, in ONE chunk (an array of one Uint8Array). */
export const hello: App = (environ, startResponse) => {
  // TODO: README §1
  return notImplemented(`hello(${typeof environ}, ${typeof startResponse})`, 1);
};

/**
 * The CGI part of environ — every key without a dot whose value is a string — as JSON with the
 * keys sorted, `application/json`, one chunk, followed by "\n".
 */
export const environEcho: App = (environ, startResponse) => {
  // TODO: README §1
  return notImplemented(`environEcho(${typeof environ}, ${typeof startResponse})`, 1);
};

/**
 * GET/HEAD: an HTML form (`text/html; charset=utf-8`) with an input named `name`. POST
 * (urlencoded): `<p>Hello, NAME!</p>\n` with NAME HTML-escaped (`& < > " '`). Any other
 * method: `405 Method Not Allowed` with `Allow: GET, HEAD, POST`.
 */
export const greetForm: App = (environ, startResponse) => {
  // TODO: README §1
  return notImplemented(`greetForm(${typeof environ}, ${typeof startResponse})`, 1);
};

/** An app that streams `count` chunks `tick <i>\n` (i from 0), waiting `intervalMs` between two. */
export function ticker(count: number, intervalMs: number): App {
  // TODO: README §1
  return notImplemented(`ticker(${count}, ${intervalMs})`, 1);
}

/**
 * An app that calls startResponse('200 OK', …) and then throws an Error while its body is
 * iterated: `before` any chunk, or `after` yielding `partial `.
 */
export function failing(when: 'before' | 'after'): App {
  // TODO: README §1
  return notImplemented(`failing(${JSON.stringify(when)})`, 1);
}

// ---------------------------------------------------------------------------------------------
// 2. – 3. The server
// ---------------------------------------------------------------------------------------------

/**
 * Creates (does not start) a TCP server that speaks HTTP/1.0 and HTTP/1.1 to clients and the
 * gateway interface to `app`. The caller listens: `serve(app).listen(8080, '127.0.0.1')`.
 */
export function serve(app: App, options: ServeOptions = {}): Server {
  // TODO: README §2 (then §3)
  return notImplemented(`serve(${typeof app}, ${JSON.stringify(Object.keys(options))})`, 2);
}

// ---------------------------------------------------------------------------------------------
// 4. validate
// ---------------------------------------------------------------------------------------------

export interface ValidateOptions {
  /** Gets the violations found after the fact (ERR_GATEWAY_NOT_CLOSED); default: gateway.errors. */
  onViolation?: (error: GatewayError) => void;
}

/**
 * Middleware that checks both sides of the interface on every call and throws a GatewayError
 * whose code names the broken rule (the table in README §4; `VALIDATE_RULES`).
 */
export function validate(app: App, options: ValidateOptions = {}): App {
  // TODO: README §4
  return notImplemented(`validate(${typeof app}, ${JSON.stringify(Object.keys(options))})`, 4);
}

// ---------------------------------------------------------------------------------------------
// 5. Middleware: mount and readForm
// ---------------------------------------------------------------------------------------------

/**
 * Dispatches on the longest matching mount point (whole segments), moving it from PATH_INFO to
 * SCRIPT_NAME; 404 when none matches. Throws ERR_GATEWAY_INVALID_MOUNT at once for a key that is
 * not `/` or `/segment…` without a trailing slash.
 */
export function mount(apps: Record<string, App>): App {
  // TODO: README §5
  return notImplemented(`mount(${JSON.stringify(Object.keys(apps))})`, 5);
}

/** One field of a submitted form. */
export interface FormPart {
  /** The field name. */
  name: string;
  /** Present for a file: the name the client gave, without any path (RFC 7578 §4.2). */
  filename?: string;
  /** The part's Content-Type; `text/plain` when absent (RFC 7578 §4.4). */
  contentType: string;
  /** The part's own header fields (multipart), empty for urlencoded. */
  headers: Header[];
  /** The value, streamed; read it before asking for the next part (or it is skipped). */
  body: AsyncIterable<Uint8Array>;
  bytes(): Promise<Uint8Array>;
  text(): Promise<string>;
}

export interface FormOptions {
  /** Largest part (and largest urlencoded body); more is ERR_GATEWAY_FORM_PART_TOO_LARGE. Default 10 MiB. */
  maxPartBytes?: number;
  /** Most parts; more is ERR_GATEWAY_FORM_TOO_MANY_PARTS. Default 1000. */
  maxParts?: number;
  /** Largest part head; more is ERR_GATEWAY_FORM_HEADER_TOO_LARGE. Default 8 KiB. */
  maxHeaderBytes?: number;
}

/**
 * The fields of a submitted form, one part at a time: application/x-www-form-urlencoded or
 * multipart/form-data (streamed). Throws ERR_GATEWAY_FORM_TYPE / ERR_GATEWAY_FORM_BOUNDARY at
 * once; other errors come out of the iteration.
 */
export function readForm(environ: Environ, options: FormOptions = {}): AsyncIterable<FormPart> {
  // TODO: README §5
  return notImplemented(`readForm(${environ.CONTENT_TYPE}, ${JSON.stringify(options)})`, 5);
}

// ---------------------------------------------------------------------------------------------
// 6. Fetch adapters
// ---------------------------------------------------------------------------------------------

/** The fetch-handler shape: Hono's `app.fetch`, Deno.serve, Bun.serve, Workers. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** The URL of the request an environ describes (PEP 3333 "URL Reconstruction"). */
export function requestUrl(environ: Environ): string {
  // TODO: README §6
  return notImplemented(`requestUrl(${environ.PATH_INFO})`, 6);
}

/** A gateway application as a fetch handler. */
export function toFetchHandler(app: App): FetchHandler {
  // TODO: README §6
  return notImplemented(`toFetchHandler(${typeof app})`, 6);
}

/** A fetch handler as a gateway application. */
export function fromFetchHandler(handler: FetchHandler): App {
  // TODO: README §6
  return notImplemented(`fromFetchHandler(${typeof handler})`, 6);
}
