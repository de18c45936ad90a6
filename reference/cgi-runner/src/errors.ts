/**
 * One error class for the kata, with a stable code per failure. A server maps each code to the
 * status it answers (`statusFor`).
 */
export type CgiErrorCode =
  /** The script's header section is not `1*(field NL) NL` (README §2). */
  | 'ERR_CGI_MALFORMED_HEADER'
  /** A `Status:` field that is not `3DIGIT [SP reason]` in 200–599, or given twice. */
  | 'ERR_CGI_INVALID_STATUS'
  /** A `Location:` that is neither an abs-path nor an absolute URI, or given twice. */
  | 'ERR_CGI_INVALID_LOCATION'
  /** None of Content-Type, Location, Status: not a CGI response (RFC 3875 §6.2). */
  | 'ERR_CGI_NO_CGI_FIELD'
  /** A field the server owns (framing, connection) that it will not pass through raw. */
  | 'ERR_CGI_FORBIDDEN_FIELD'
  /** The header section did not end within the limit. */
  | 'ERR_CGI_HEADER_TOO_LARGE'
  /** The script ended (or closed stdout) before the end of its header section. */
  | 'ERR_CGI_INCOMPLETE_HEADER'
  /** The script ran past its time limit; its process group was killed. */
  | 'ERR_CGI_TIMEOUT'
  /** The script could not be started (not executable, bad interpreter line). */
  | 'ERR_CGI_SPAWN'
  /** The request was aborted (the client went away); the script was killed. */
  | 'ERR_CGI_ABORTED';

export class CgiError extends Error {
  override readonly name = 'CgiError';
  readonly code: CgiErrorCode;

  constructor(code: CgiErrorCode, message: string = code) {
    super(message);
    this.code = code;
  }
}

/** The status a server answers for a script that failed with `code`. */
export function statusFor(code: CgiErrorCode): number {
  switch (code) {
    case 'ERR_CGI_TIMEOUT':
      return 504;
    case 'ERR_CGI_SPAWN':
      return 500;
    default:
      // A gateway got an invalid response from the upstream it ran (RFC 9110 §15.6.3).
      return 502;
  }
}
