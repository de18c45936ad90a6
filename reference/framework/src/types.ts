/**
 * The framework's interface types (the same as the kata stub's): what handlers see. The classes
 * behind them are RequestObject (request.ts), ResponseBuilder (response.ts), Application (app.ts).
 */
import type {
  App,
  CookieAttributes,
  Environ,
  Header,
  RouteInfo,
  RouterOptions,
  Session,
} from './prereqs.ts';

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
