/**
 * Two kinds of error. `FrameworkError`: the application's author misused the framework (a header
 * value with CR LF, an open redirect): thrown at the call, a bug to fix. `HttpError`: the
 * request cannot be served (a body too large, a failed precondition): thrown anywhere in a
 * handler, it becomes the response, as problem details (RFC 9457).
 */
import type { Header } from './prereqs.ts';

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

/** 422 with `errors: [{ field, message }]`: the request content is well-formed but invalid. */
export function validationError(errors: FieldError[], status = 422): HttpError {
  return new HttpError(status, status === 422 ? 'ERR_HTTP_VALIDATION' : 'ERR_HTTP_BAD_REQUEST', {
    detail: `${errors.length} invalid field(s)`,
    extensions: { errors },
  });
}
