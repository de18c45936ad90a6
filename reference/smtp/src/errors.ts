/** Every way the client and the composer can fail, as a stable code. */
export type SmtpErrorCode =
  /** Connection refused, reset, or closed by the server while a reply was awaited. */
  | 'ERR_SMTP_CONNECTION'
  /** A reply did not come within its RFC 5321 §4.5.3.2 timeout. */
  | 'ERR_SMTP_TIMEOUT'
  /** Bytes that are not an SMTP reply, a broken multiline reply, or a reply nobody asked for. */
  | 'ERR_SMTP_PROTOCOL'
  /** The greeting was not 220 (554: "no SMTP service here"). */
  | 'ERR_SMTP_GREETING'
  /** Both EHLO and the HELO fallback were refused. */
  | 'ERR_SMTP_HELO_REJECTED'
  /** MAIL FROM was refused. */
  | 'ERR_SMTP_SENDER_REJECTED'
  /** No recipient given, or every RCPT TO refused. */
  | 'ERR_SMTP_NO_RECIPIENTS'
  /** DATA was refused, or the message was refused after the final dot. */
  | 'ERR_SMTP_DATA_REJECTED'
  /** The message is larger than the SIZE the server announced (RFC 1870). */
  | 'ERR_SMTP_MESSAGE_TOO_LARGE'
  /** 8-bit data for a server that did not announce 8BITMIME (RFC 6152). */
  | 'ERR_SMTP_8BIT_UNSUPPORTED'
  /** A non-ASCII address for a server that did not announce SMTPUTF8 (RFC 6531). */
  | 'ERR_SMTP_UTF8_UNSUPPORTED'
  /** An address that could break out of its command or header: CR, LF, NUL, <, >, spaces… */
  | 'ERR_SMTP_INVALID_ADDRESS'
  /** A header name or value that could split the header section (CR, LF), or a bad name. */
  | 'ERR_SMTP_INVALID_HEADER'
  /** The client was closed (QUIT, close(), a timeout or a lost connection) and used again. */
  | 'ERR_SMTP_CLOSED';

/** One SMTP reply (RFC 5321 §4.2). */
export interface Reply {
  /** The three-digit reply code, 200–599. */
  code: number;
  /** The RFC 3463 enhanced status code ("5.1.1") when the first line starts with one. */
  enhanced?: string;
  /** The text of every line, after the code and the separator ("-" or " "). */
  lines: string[];
}

/** What the client and the composer throw. */
export class SmtpError extends Error {
  override readonly name = 'SmtpError';
  readonly code: SmtpErrorCode;
  /** The server's reply, when one caused the error. */
  readonly reply?: Reply;
  /** With ERR_SMTP_NO_RECIPIENTS: every refused recipient and its reply. */
  readonly rejected?: RejectedRecipient[];

  constructor(
    code: SmtpErrorCode,
    message: string = code,
    options: { reply?: Reply; rejected?: RejectedRecipient[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.reply !== undefined) this.reply = options.reply;
    if (options.rejected !== undefined) this.rejected = options.rejected;
  }
}

/** A recipient the server refused, with the reply that refused it. */
export interface RejectedRecipient {
  address: string;
  reply: Reply;
}
