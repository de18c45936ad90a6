/**
 * smtp — an SMTP client on raw sockets (RFC 5321) and a MIME message composer (RFC 5322).
 *
 * This file is the stub: every exported name, type and doc comment is final; every function or
 * method that does work throws `NotImplementedError` naming the README stage to read. Split your
 * solution into as many modules as you like behind this file, but keep these exports.
 *
 * Use `node:net` (and `node:crypto` for random ids); no mail library.
 */
// TODO: implement the stages of README.md in order; `npm test` says which one is next.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the stubs ignore their parameters (delete this line once yours use them).
import { notImplemented } from '@hbu/kata-kit/not-implemented';

// ---------------------------------------------------------------------------------------------
// Errors and replies (real: they are the interface)
// ---------------------------------------------------------------------------------------------

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

/** A recipient the server refused, with the reply that refused it. */
export interface RejectedRecipient {
  address: string;
  reply: Reply;
}

/** What the client and the composer throw. Ready to use: `throw new SmtpError(…)`. */
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

// ---------------------------------------------------------------------------------------------
// 1. Replies
// ---------------------------------------------------------------------------------------------

/** The longest reply line accepted, CRLF included (the text-line limit of RFC 5321 §4.5.3.1.6). */
export const MAX_REPLY_LINE = 1000;
/** The most lines one reply may have: a server cannot make the client buffer without end. */
export const MAX_REPLY_LINES = 100;

/**
 * An incremental reply reader (README §1): push bytes as they arrive, get back every reply they
 * complete, in order. Lines end in CRLF (read a bare LF as a line end too). Throws
 * `SmtpError` `ERR_SMTP_PROTOCOL` for a line that is not `code [("-" / " ") text]`, a
 * multiline reply whose code changes, a line longer than MAX_REPLY_LINE or a reply with more
 * than MAX_REPLY_LINES lines.
 */
export class ReplyParser {
  /** True while a reply has started and not ended, or a line is half received. */
  get pending(): boolean {
    return notImplemented('ReplyParser.pending', 1);
  }

  push(chunk: Buffer | string): Reply[] {
    return notImplemented('ReplyParser.push', 1);
  }
}

/** Parses text holding exactly one complete reply, or throws `ERR_SMTP_PROTOCOL` (README §1). */
export function parseReply(text: string): Reply {
  return notImplemented('parseReply', 1);
}

// ---------------------------------------------------------------------------------------------
// 2. Greeting and EHLO
// ---------------------------------------------------------------------------------------------

/** What the server announced in its EHLO reply (all false and empty after HELO). */
export interface Extensions {
  /** The domain the server named on the first line. */
  domain: string;
  /** Every keyword, upper-cased, with its parameters. */
  keywords: Map<string, string[]>;
  /** SIZE (RFC 1870): the largest message in octets; absent when not announced or 0 (no limit). */
  size?: number;
  /** PIPELINING (RFC 2920). */
  pipelining: boolean;
  /** 8BITMIME (RFC 6152). */
  eightBitMime: boolean;
  /** SMTPUTF8 (RFC 6531). */
  smtpUtf8: boolean;
  /** STARTTLS (RFC 3207). */
  startTls: boolean;
  /** ENHANCEDSTATUSCODES (RFC 2034). */
  enhancedStatusCodes: boolean;
  /** AUTH (RFC 4954): the SASL mechanisms, upper-cased. */
  auth: string[];
}

/** Reads the extensions out of an EHLO reply (README §2). */
export function parseExtensions(reply: Reply): Extensions {
  return notImplemented('parseExtensions', 2);
}

/** How long each reply may take, in ms (RFC 5321 §4.5.3.2; connect is ours). */
export interface Timeouts {
  /** TCP connect (default 30 s). */
  connect: number;
  /** The 220 greeting (§4.5.3.2.1: 5 minutes). */
  greeting: number;
  /** EHLO, HELO, RSET, NOOP, QUIT (5 minutes). */
  command: number;
  /** MAIL (§4.5.3.2.2: 5 minutes). */
  mail: number;
  /** Each RCPT (§4.5.3.2.3: 5 minutes). */
  rcpt: number;
  /** The 354 after DATA (§4.5.3.2.4: 2 minutes). */
  dataInit: number;
  /** Each write of the data that has to wait for the socket to drain (§4.5.3.2.5: 3 minutes). */
  dataBlock: number;
  /** The reply after the final dot (§4.5.3.2.6: 10 minutes). */
  dataEnd: number;
}

export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = Object.freeze({
  connect: 30_000,
  greeting: 300_000,
  command: 300_000,
  mail: 300_000,
  rcpt: 300_000,
  dataInit: 120_000,
  dataBlock: 180_000,
  dataEnd: 600_000,
});

export interface ClientOptions {
  /** Default 127.0.0.1. */
  host?: string;
  port: number;
  /** The name the client gives in EHLO/HELO (default "localhost"). */
  name?: string;
  /** Each one defaults to DEFAULT_TIMEOUTS. */
  timeouts?: Partial<Timeouts>;
  /** Use PIPELINING when the server offers it (default true). */
  pipelining?: boolean;
}

/** The envelope (RFC 5321 §2.3.1): reverse-path ("" for the null path <>) and forward-paths. */
export interface Envelope {
  from: string;
  to: string[];
}

export interface SendResult {
  /** The recipients the server accepted, in the order given. */
  accepted: string[];
  /** The recipients it refused, with each refusal. */
  rejected: RejectedRecipient[];
  /** The reply to the final dot. */
  reply: Reply;
}

/**
 * One SMTP session. `connect` (README §2) opens it; `send` (§3–§5) runs one mail transaction at
 * a time (calls made while one runs wait their turn); `quit` ends it. Once closed (QUIT,
 * `close()`, a timeout, a lost connection, a protocol error) every call throws
 * `ERR_SMTP_CLOSED`.
 */
export class SmtpClient {
  /** The server's 220 greeting. */
  readonly greeting!: Reply;
  /** What the server announced (nothing after a HELO fallback). */
  readonly extensions!: Extensions;
  /** True when EHLO was accepted, false after the HELO fallback. */
  readonly esmtp!: boolean;

  private constructor() {}

  /** Connects, reads the greeting, says EHLO (HELO when EHLO is refused with a 5yz). README §2. */
  static async connect(options: ClientOptions): Promise<SmtpClient> {
    return notImplemented('SmtpClient.connect', 2);
  }

  /**
   * Sends one message to the envelope's recipients (one mail transaction, RFC 5321 §3.3):
   * MAIL, RCPT per recipient, DATA, the dot-stuffed data. README §3 (and §4, §5).
   */
  async send(envelope: Envelope, message: string | Buffer): Promise<SendResult> {
    return notImplemented('SmtpClient.send', 3);
  }

  /** RSET (RFC 5321 §4.1.1.5): aborts the current transaction. README §3. */
  async rset(): Promise<Reply> {
    return notImplemented('SmtpClient.rset', 3);
  }

  /** NOOP (RFC 5321 §4.1.1.9). README §2. */
  async noop(): Promise<Reply> {
    return notImplemented('SmtpClient.noop', 2);
  }

  /** QUIT (RFC 5321 §4.1.1.10): says goodbye, waits for the 221, closes. README §2. */
  async quit(): Promise<void> {
    return notImplemented('SmtpClient.quit', 2);
  }

  /** Closes the connection at once, without QUIT. README §2. */
  close(): void {
    notImplemented('SmtpClient.close', 2);
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Envelope and data
// ---------------------------------------------------------------------------------------------

/**
 * The bytes to send after a 354 (README §3): the message with every line break (CRLF, a bare LF
 * or a bare CR) sent as CRLF, a "." doubled at the start of a line, a CRLF after the last
 * line if it has none, and the terminator "." CRLF.
 */
export function encodeData(message: string | Buffer): Buffer {
  return notImplemented('encodeData', 3);
}

/** Connects, sends one message, says QUIT (README §3). */
export async function sendMail(
  options: ClientOptions,
  envelope: Envelope,
  message: string | Buffer,
): Promise<SendResult> {
  return notImplemented('sendMail', 3);
}

// ---------------------------------------------------------------------------------------------
// 6. Header fields
// ---------------------------------------------------------------------------------------------

/** A mailbox (RFC 5322 §3.4): the address alone, or a display name and the address. */
export interface Address {
  name?: string;
  address: string;
}

/**
 * `name: value`, folded before whitespace so that lines stay within 78 characters where the
 * words allow it, and never beyond 998 (README §6). Throws `ERR_SMTP_INVALID_HEADER` for a name
 * that is not ftext, a CR or LF anywhere, or a word too long for 998.
 */
export function foldHeader(name: string, value: string): string {
  return notImplemented('foldHeader', 6);
}

/** Removes folding: every CRLF followed by a space or a tab (RFC 5322 §2.2.3). README §6. */
export function unfold(field: string): string {
  return notImplemented('unfold', 6);
}

/**
 * RFC 5322 §3.3 date-time in UTC: "Tue, 01 Dec 2026 09:05:03 +0000". README §6. Throws a
 * `RangeError` for an invalid Date, like `Date#toISOString`.
 */
export function formatDate(date: Date): string {
  return notImplemented('formatDate', 6);
}

/** A fresh msg-id (RFC 5322 §3.6.4): "<" unique-random "@" domain ">". README §6. */
export function createMessageId(domain: string): string {
  return notImplemented('createMessageId', 6);
}

/**
 * A mailbox as a header shows it (README §6): `address`, `Name <address>`,
 * `"Name, Jr." <address>`, or encoded words `=?UTF-8?B?…?= <address>` when the name is not
 * ASCII. Throws `ERR_SMTP_INVALID_ADDRESS` for an address that is not a plain ASCII addr-spec,
 * `ERR_SMTP_INVALID_HEADER` for a name with CR or LF.
 */
export function formatAddress(mailbox: Address | string): string {
  return notImplemented('formatAddress', 6);
}

/**
 * `text` as RFC 2047 "B" encoded words in UTF-8, separated by single spaces, each at most 75
 * characters and never splitting a character (README §6). Empty text is "" (an encoded word
 * holds at least one character).
 */
export function encodeWords(text: string): string {
  return notImplemented('encodeWords', 6);
}

// ---------------------------------------------------------------------------------------------
// 7. MIME bodies and the message
// ---------------------------------------------------------------------------------------------

/** Base64 in lines of 76 characters joined by CRLF, no CRLF after the last (README §7). */
export function encodeBase64(data: string | Buffer): string {
  return notImplemented('encodeBase64', 7);
}

/**
 * Quoted-printable (RFC 2045 §6.7, README §7): every line break of the input (CRLF, LF or CR) a
 * CRLF; "=" and bytes outside 33–126 as =XX, except a space or tab that does not end a line; no
 * line longer than 76 characters (soft breaks "=" CRLF).
 */
export function encodeQuotedPrintable(data: string | Buffer): string {
  return notImplemented('encodeQuotedPrintable', 7);
}

export interface MessageInput {
  from: Address | string;
  to?: Array<Address | string>;
  cc?: Array<Address | string>;
  replyTo?: Address | string;
  subject?: string;
  /** The plain-text body. */
  text?: string;
  /** The HTML body: with `text`, a multipart/alternative (text first, HTML preferred). */
  html?: string;
  /** Default: now. */
  date?: Date;
  /** "<id@domain>"; default: a fresh one on the sender's domain. */
  messageId?: string;
  /** More unstructured fields (X-Mailer, Comments…). Not the ones composeMessage writes. */
  headers?: Record<string, string>;
  /** The transfer encoding of the body parts (default quoted-printable). */
  encoding?: 'quoted-printable' | 'base64';
  /** The multipart boundary (default: random). 1–70 characters of RFC 2046 bchars. */
  boundary?: string;
}

/**
 * The whole message (README §7): header section, blank line, body; CRLF line ends, ASCII only.
 * Throws `ERR_SMTP_INVALID_ADDRESS` / `ERR_SMTP_INVALID_HEADER` for anything that could add a
 * header or a line (README §8).
 */
export function composeMessage(input: MessageInput): string {
  return notImplemented('composeMessage', 7);
}
