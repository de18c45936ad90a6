/**
 * Kata 14: framework — a web framework on your own stack. Read README.md stage by stage; every
 * function below throws until you write it.
 *
 * The types, interfaces and error classes are the interface the specs test: keep their names
 * and shapes. Split your solution into as many modules as you like behind this file (the
 * reference has app, request, response, middleware, errors…). Everything from earlier katas
 * comes through `./prereqs.ts`.
 */
import { notImplemented } from '@hbu/kata-kit/not-implemented';
import type {
  App,
  CookieAttributes,
  Environ,
  Header,
  RouteInfo,
  RouterOptions,
  Session,
  SessionManager,
} from './prereqs.ts';

// ─── Errors (given: they are the interface the specs check) ──────────────────────────────────

/** The application's author misused the framework: thrown at the call, a bug to fix. */
export type FrameworkErrorCode =
  | 'ERR_FRAMEWORK_HEADER_NAME'
  | 'ERR_FRAMEWORK_HEADER_VALUE'
  | 'ERR_FRAMEWORK_INVALID_STATUS'
  | 'ERR_FRAMEWORK_OPEN_REDIRECT'
  | 'ERR_FRAMEWORK_ALREADY_SENT'
  | 'ERR_FRAMEWORK_NEXT_TWICE'
  | 'ERR_FRAMEWORK_NO_SESSION';

export class FrameworkError extends Error {
  override readonly name = 'FrameworkError';
  readonly code: FrameworkErrorCode;

  constructor(code: FrameworkErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** A request that cannot be served: thrown anywhere in a handler, it becomes the response. */
export type HttpErrorCode =
  | 'ERR_HTTP_BAD_REQUEST'
  | 'ERR_HTTP_MALFORMED_BODY'
  | 'ERR_HTTP_FORBIDDEN_KEY'
  | 'ERR_HTTP_CSRF'
  | 'ERR_HTTP_NOT_FOUND'
  | 'ERR_HTTP_METHOD_NOT_ALLOWED'
  | 'ERR_HTTP_NOT_ACCEPTABLE'
  | 'ERR_HTTP_PRECONDITION_FAILED'
  | 'ERR_HTTP_BODY_TOO_LARGE'
  | 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE'
  | 'ERR_HTTP_VALIDATION'
  | 'ERR_HTTP_PRECONDITION_REQUIRED'
  | 'ERR_HTTP_INTERNAL';

export interface HttpErrorOptions {
  /** RFC 9457 `detail`: this occurrence, in words for a person. */
  detail?: string;
  /** Extension members of the problem object (`errors` for validation). */
  extensions?: Record<string, unknown>;
  /** Fields the problem response carries (`Allow` on a 405, `Accept-Patch` on a 415). */
  headers?: Header[];
}

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly code: HttpErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Header[];

  constructor(status: number, code: HttpErrorCode, options: HttpErrorOptions = {}) {
    super(options.detail ?? code);
    this.status = status;
    this.code = code;
    this.detail = options.detail;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? [];
  }
}

/** One invalid field of a request: the name the client sent, and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

/** 422 (or `status`, e.g. 400 for a query) with the extension member `errors: FieldError[]`. */
export function validationError(errors: FieldError[], status = 422): HttpError {
  return new HttpError(status, status === 422 ? 'ERR_HTTP_VALIDATION' : 'ERR_HTTP_BAD_REQUEST', {
    detail: `${errors.length} invalid field(s)`,
    extensions: { errors },
  });
}

// ─── The interface (README "The API") ────────────────────────────────────────────────────────

/** Name → values in the order received: the query, urlencoded form fields. */
export interface Params {
  /** The first value of `name`, or undefined. */
  get(name: string): string | undefined;
  /** Every value of `name`, in order (empty when absent). */
  getAll(name: string): string[];
  has(name: string): boolean;
  /** Every name once, in order of first appearance. */
  keys(): string[];
  /** Every pair, in order. */
  pairs(): [string, string][];
}

/** A file of a multipart form, read whole (within the body limit). */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** A submitted form: the text fields, and the files (multipart only). */
export interface Form {
  fields: Params;
  files: UploadedFile[];
}

/** What the sessions middleware lends a request (README §4). */
export interface SessionControl {
  regenerate(): Promise<Session>;
  destroy(): Promise<void>;
}

/** The request a handler sees (README §2). */
export interface AppRequest {
  readonly method: string;
  /** SCRIPT_NAME + PATH_INFO: the whole path, percent-decoded. */
  readonly path: string;
  /** From the query string, through kata 6's parseQuery; repeated names keep every value. */
  readonly query: Params;
  readonly environ: Environ;
  /** The route's parameters (set by the framework from the router's match). */
  params: Record<string, string>;
  route: RouteInfo | undefined;
  /** Set by the sessions middleware. */
  session: Session | undefined;
  /** Set by the sessions middleware (what regenerateSession / destroySession call). */
  sessionControl: SessionControl | undefined;
  /** Anything middleware hands down to later handlers. */
  readonly state: Record<string, unknown>;
  /** A request field by name, any case; repeated fields joined by ", " (Cookie by "; "). */
  header(name: string): string | undefined;
  /** The Cookie field, through kata 13's parseCookie. */
  readonly cookies: Map<string, string>;
  /** The body, whole, read once (later calls get the same bytes); 413 beyond the limit. */
  bytes(): Promise<Uint8Array>;
  /** The body as UTF-8; 400 when it is not. */
  text(): Promise<string>;
  /** `application/json` or any `+json` type (415 otherwise); 400 when malformed or when a key is `__proto__` or `constructor`. */
  json<T = unknown>(): Promise<T>;
  /** urlencoded or multipart/form-data (415 otherwise); 413 beyond the limit. */
  form(): Promise<Form>;
  /** New session id, same data (on login: session fixation). FrameworkError without sessions. */
  regenerateSession(): Promise<Session>;
  /** Forgets the session; the response clears the cookie. FrameworkError without sessions. */
  destroySession(): Promise<void>;
}

/** What a response builder holds until the chain returns. */
export type ResponseBody =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'stream'; chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> };

/** The response builder a handler writes to (README §3). */
export interface AppResponse {
  /** 200 until set. */
  statusCode: number;
  /** True once a body has been chosen (json, text, send, redirect, stream, empty). */
  readonly sent: boolean;
  /** An integer 200–599 (FrameworkError ERR_FRAMEWORK_INVALID_STATUS otherwise). */
  status(code: number): this;
  /**
   * Replaces every field of that name. The name is a token (ERR_FRAMEWORK_HEADER_NAME); the value
   * has no control character but HTAB and nothing above U+00FF (ERR_FRAMEWORK_HEADER_VALUE).
   */
  setHeader(name: string, value: string): this;
  /** Adds a field line, keeping those already there. Same checks as setHeader. */
  appendHeader(name: string, value: string): this;
  /** The values of a field, any case, joined by ", "; undefined when absent. */
  getHeader(name: string): string | undefined;
  removeHeader(name: string): this;
  /** Set-Cookie through kata 13's serializeSetCookie (its CookieError for a bad cookie). */
  setCookie(name: string, value: string, attributes?: CookieAttributes): this;
  /** `application/json` (unless a Content-Type is set). */
  json(value: unknown, status?: number): void;
  /** `text/plain; charset=utf-8` (unless a Content-Type is set). */
  text(text: string, status?: number): void;
  /** Bytes or a string as they are; `application/octet-stream` unless a Content-Type is set. */
  send(body: Uint8Array | string, status?: number): void;
  /** No body; 204 unless told otherwise. */
  empty(status?: number): void;
  /** The chunks as the iterable yields them (strings as UTF-8), sent as they come. */
  stream(
    chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
    contentType?: string,
  ): void;
  /** 302 (or 301, 303, 307, 308) to a path on this site or an allow-listed origin (README §6). */
  redirect(location: string, status?: number): void;
}

/** Returns when the rest of the chain is done; rejects with its error. */
export type Next = () => Promise<void>;
export type Handler = (req: AppRequest, res: AppResponse, next: Next) => unknown;

export interface AppOptions {
  /** Largest request body any reader accepts (default 1 MiB); more is a 413. */
  maxBodyBytes?: number;
  /** Origins an absolute `redirect()` may point at (default: none). */
  redirectOrigins?: string[];
  /** Called with every error that becomes a 500 (not with HttpErrors). */
  onError?: (error: unknown, req: AppRequest) => void;
  /** Passed to the router. */
  router?: RouterOptions;
}

/** What a request turned into, before the gateway sends it. */
export interface Outcome {
  status: number;
  headers: Header[];
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** An application (README §1). */
export interface WebApp {
  /** The gateway application: `serve(app.gateway)`. */
  readonly gateway: App;
  /** Middleware for every request, before the route's handlers, in the order added. */
  use(...handlers: Handler[]): this;
  /** A route for one method or several. */
  on(method: string | string[], pattern: string, ...handlers: Handler[]): this;
  get(pattern: string, ...handlers: Handler[]): this;
  head(pattern: string, ...handlers: Handler[]): this;
  post(pattern: string, ...handlers: Handler[]): this;
  put(pattern: string, ...handlers: Handler[]): this;
  patch(pattern: string, ...handlers: Handler[]): this;
  delete(pattern: string, ...handlers: Handler[]): this;
  options(pattern: string, ...handlers: Handler[]): this;
  /** One request, start to end, without a server (what `gateway` runs). */
  handle(environ: Environ): Promise<Outcome>;
}

// ─── 1. The application ──────────────────────────────────────────────────────────────────────

// TODO: README §1 (then §2, §3 for the request and response objects it hands to handlers)
export function createApp(options: AppOptions = {}): WebApp {
  return notImplemented(`createApp(${JSON.stringify(Object.keys(options))})`, 1);
}

// ─── 2. Requests ─────────────────────────────────────────────────────────────────────────────

/**
 * Content negotiation (RFC 9110 §12.5.1): the first of `offered` with the highest q the Accept
 * field gives it (the most specific range that matches decides); undefined when none is
 * acceptable (q=0 or not listed). No Accept field (or an empty one) accepts `offered[0]`.
 */
export function accepts(
  accept: string | undefined,
  offered: readonly string[],
): string | undefined {
  // TODO: README §2
  return notImplemented(`accepts(${JSON.stringify(accept)}, ${JSON.stringify(offered)})`, 2);
}

// ─── 4. Middleware: sessions and CORS ────────────────────────────────────────────────────────

/**
 * Loads the session the Cookie points at into `req.session` before the rest of the chain,
 * commits it after (a Set-Cookie when the manager returns one). Not committed when the rest throws.
 */
export function sessions(manager: SessionManager): Handler {
  // TODO: README §4
  return notImplemented(`sessions(${typeof manager})`, 4);
}

export interface CorsOptions {
  /** The one origin allowed, e.g. `https://app.example`. */
  origin: string;
  /** Methods a preflight may ask for (default GET, HEAD, POST, PUT, PATCH, DELETE). */
  methods?: string[];
  /** Request fields a preflight may ask for (default Content-Type, If-Match, If-None-Match). */
  allowHeaders?: string[];
  /** Response fields the page may read (default ETag, Location, Link). */
  exposeHeaders?: string[];
  /** Access-Control-Max-Age (default 600). */
  maxAgeSeconds?: number;
  /** Access-Control-Allow-Credentials: true (default false). */
  credentials?: boolean;
}

/** CORS for one origin: `Vary: Origin` always, Access-Control-* fields, preflights answered 204. */
export function cors(options: CorsOptions): Handler {
  // TODO: README §4
  return notImplemented(`cors(${JSON.stringify(options.origin)})`, 4);
}

// ─── 6. Security: CSRF ───────────────────────────────────────────────────────────────────────

export interface CsrfOptions {
  /** Origins whose pages may send unsafe requests with the session cookie. */
  origins: string[];
  /** The request field carrying the token (default `X-CSRF-Token`). */
  header?: string;
}

/** 403 (ERR_HTTP_CSRF) for an unsafe request with cookies from anywhere but `origins` (README §6). */
export function csrf(options: CsrfOptions): Handler {
  // TODO: README §6
  return notImplemented(`csrf(${JSON.stringify(options.origins)})`, 6);
}

/** The session's CSRF token, made on first use (FrameworkError ERR_FRAMEWORK_NO_SESSION without one). */
export function csrfToken(req: AppRequest): string {
  // TODO: README §6
  return notImplemented(`csrfToken(${req.method})`, 6);
}
