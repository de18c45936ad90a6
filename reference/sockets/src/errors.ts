/**
 * One error class per area, each with a stable `code`. Callers (and the specs) branch on the
 * code, never on the message.
 */

/** Codes of LineError: framing and line-connection failures. */
export type LineErrorCode =
  /** A line longer than `maxLineLength` bytes (its terminator not counted). */
  | 'ERR_LINE_TOO_LONG'
  /** A line to send that contains CR or LF: it would become two lines on the wire. */
  | 'ERR_LINE_INVALID'
  /** The peer closed the connection and no line is left to read. */
  | 'ERR_CONNECTION_CLOSED'
  /** No complete line arrived within the read timeout. */
  | 'ERR_READ_TIMEOUT';

export class LineError extends Error {
  override readonly name = 'LineError';
  readonly code: LineErrorCode;

  constructor(code: LineErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Codes of UdpError. */
export type UdpErrorCode =
  /** No reply after the first attempt and every retry. */
  | 'ERR_UDP_TIMEOUT'
  /** A payload that does not fit one UDP datagram with the request id. */
  | 'ERR_UDP_TOO_LARGE'
  /** The client was closed while a request was waiting. */
  | 'ERR_UDP_CLOSED';

export class UdpError extends Error {
  override readonly name = 'UdpError';
  readonly code: UdpErrorCode;

  constructor(code: UdpErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Thrown by the address functions for text that is not an address in the strict form. */
export class AddressError extends Error {
  override readonly name = 'AddressError';
  readonly code = 'ERR_ADDRESS_INVALID';
}

/** Codes of NameError: name resolution and connection establishment. */
export type NameErrorCode =
  /** Not a host name at all (empty, too long, a bad character): no lookup was made. */
  | 'ERR_NAME_INVALID'
  /** The name has no address (of the family asked for). */
  | 'ERR_NAME_NOT_FOUND'
  /** Every connection attempt failed. */
  | 'ERR_CONNECT_FAILED'
  /** No attempt succeeded within `timeoutMs`. */
  | 'ERR_CONNECT_TIMEOUT';

export class NameError extends Error {
  override readonly name = 'NameError';
  readonly code: NameErrorCode;
  /** The errors of the failed attempts (connectHappy), in the order they failed. */
  readonly errors: Error[];

  constructor(code: NameErrorCode, message: string, errors: Error[] = []) {
    super(message);
    this.code = code;
    this.errors = errors;
  }
}
