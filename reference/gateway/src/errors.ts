/**
 * One error class for the whole kata; `code` names the broken rule. Specs assert on codes only.
 */

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
