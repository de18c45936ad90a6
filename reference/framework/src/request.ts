/**
 * The request a handler sees: method, path, params, query, headers, cookies, and body readers
 * with limits. Read from the gateway environ (PEP 3333's names), never from a socket.
 */
import { FrameworkError, HttpError } from './errors.ts';
import { ParamList } from './params.ts';
import {
  type Environ,
  GatewayError,
  parseCookie,
  type RouteInfo,
  readForm,
  type Session,
} from './prereqs.ts';
import type { AppRequest, Form, Params, SessionControl, UploadedFile } from './types.ts';

/** The names a JSON body must not use: they reach Object.prototype through a merge. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);

export const mediaType = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** `application/json` and every `+json` type (merge-patch+json, problem+json). */
const isJson = (type: string): boolean =>
  type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);

export class RequestObject implements AppRequest {
  readonly method: string;
  /** SCRIPT_NAME + PATH_INFO: the whole path, percent-decoded. */
  readonly path: string;
  readonly query: Params;
  readonly environ: Environ;
  /** Set by the router: the parameters of the route matched. */
  params: Record<string, string> = {};
  route: RouteInfo | undefined;
  /** Set by the sessions middleware. */
  session: Session | undefined;
  /** Anything middleware wants to hand down to the handlers. */
  readonly state: Record<string, unknown> = {};
  /** @internal set by the sessions middleware. */
  sessionControl: SessionControl | undefined;
  readonly #maxBodyBytes: number;
  #body: Promise<Uint8Array> | undefined;
  #cookies: Map<string, string> | undefined;

  constructor(environ: Environ, maxBodyBytes: number) {
    this.environ = environ;
    this.method = environ.REQUEST_METHOD;
    this.path = `${environ.SCRIPT_NAME}${environ.PATH_INFO}` || '/';
    this.query = ParamList.fromQuery(environ.QUERY_STRING);
    this.#maxBodyBytes = maxBodyBytes;
  }

  /** A request field by name, any case; repeated fields joined by ", " (Cookie by "; "). */
  header(name: string): string | undefined {
    const key = name.toLowerCase();
    if (key === 'content-type') return this.environ.CONTENT_TYPE || undefined;
    if (key === 'content-length') return this.environ.CONTENT_LENGTH || undefined;
    const value = this.environ[`HTTP_${key.toUpperCase().replace(/-/g, '_')}`];
    return typeof value === 'string' ? value : undefined;
  }

  get cookies(): Map<string, string> {
    this.#cookies ??= parseCookie(this.header('cookie') ?? '');
    return this.#cookies;
  }

  /** The body, whole; 413 beyond the limit (before reading when Content-Length says so). */
  bytes(): Promise<Uint8Array> {
    this.#body ??= this.#read();
    return this.#body;
  }

  async #read(): Promise<Uint8Array> {
    const limit = this.#maxBodyBytes;
    const declared = this.header('content-length');
    if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of this.environ['gateway.input']) {
      total += chunk.length;
      if (total > limit) throw tooLarge(limit);
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks));
  }

  async text(): Promise<string> {
    const bytes = await this.bytes();
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new HttpError(400, 'ERR_HTTP_MALFORMED_BODY', { detail: 'the body is not UTF-8' });
    }
  }

  /** A JSON body (`application/json` or `+json`): 415 otherwise, 400 when malformed. */
  async json<T = unknown>(): Promise<T> {
    const type = mediaType(this.header('content-type'));
    if (!isJson(type)) {
      throw new HttpError(415, 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', {
        detail: `expected application/json, got ${type || 'nothing'}`,
      });
    }
    const text = await this.text();
    let forbidden: string | undefined;
    let value: unknown;
    try {
      value = JSON.parse(text, (key, v) => {
        if (FORBIDDEN_KEYS.has(key)) forbidden ??= key;
        return v;
      });
    } catch {
      throw new HttpError(400, 'ERR_HTTP_MALFORMED_BODY', { detail: 'the body is not JSON' });
    }
    if (forbidden !== undefined) {
      throw new HttpError(400, 'ERR_HTTP_FORBIDDEN_KEY', {
        detail: `the key ${JSON.stringify(forbidden)} is refused`,
      });
    }
    return value as T;
  }

  /** An urlencoded or multipart/form-data body: 415 otherwise, 413 beyond the limit. */
  async form(): Promise<Form> {
    const type = mediaType(this.header('content-type'));
    if (type === 'application/x-www-form-urlencoded') {
      return { fields: ParamList.fromQuery(await this.text()), files: [] };
    }
    if (type !== 'multipart/form-data') {
      throw new HttpError(415, 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', {
        detail: `expected a form, got ${type || 'nothing'}`,
      });
    }
    const declared = this.header('content-length');
    if (declared !== undefined && Number(declared) > this.#maxBodyBytes) {
      throw tooLarge(this.#maxBodyBytes);
    }
    const fields: [string, string][] = [];
    const files: UploadedFile[] = [];
    let total = 0;
    try {
      for await (const part of readForm(this.environ, { maxPartBytes: this.#maxBodyBytes })) {
        const bytes = await part.bytes();
        total += bytes.length;
        if (total > this.#maxBodyBytes) throw tooLarge(this.#maxBodyBytes);
        if (part.filename === undefined) fields.push([part.name, new TextDecoder().decode(bytes)]);
        else {
          files.push({
            field: part.name,
            filename: part.filename,
            contentType: part.contentType,
            bytes,
          });
        }
      }
    } catch (error) {
      if (error instanceof GatewayError) {
        if (error.code === 'ERR_GATEWAY_FORM_PART_TOO_LARGE') throw tooLarge(this.#maxBodyBytes);
        throw new HttpError(400, 'ERR_HTTP_MALFORMED_BODY', { detail: error.code });
      }
      throw error;
    }
    return { fields: new ParamList(fields), files };
  }

  /** New session id, same data (call it on login: session fixation). */
  regenerateSession(): Promise<Session> {
    return this.#control().regenerate();
  }

  /** Forgets the session (logout); the response clears the cookie. */
  destroySession(): Promise<void> {
    return this.#control().destroy();
  }

  #control(): SessionControl {
    if (this.sessionControl === undefined) {
      throw new FrameworkError(
        'ERR_FRAMEWORK_NO_SESSION',
        'no sessions middleware runs before this handler',
      );
    }
    return this.sessionControl;
  }
}

const tooLarge = (limit: number): HttpError =>
  new HttpError(413, 'ERR_HTTP_BODY_TOO_LARGE', { detail: `the limit is ${limit} bytes` });
