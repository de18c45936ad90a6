/**
 * smtp — reference solution. An SMTP client on node:net and a MIME message composer.
 *
 *   errors.ts      SmtpError, Reply
 *   reply.ts       the reply parser (RFC 5321 §4.2, RFC 3463)
 *   extensions.ts  the EHLO reply (§4.1.1.1)
 *   data.ts        line ends, dot-stuffing, the terminator (§4.5.2, §2.3.8)
 *   address.ts     envelope and header addresses
 *   session.ts     the socket, the reply queue and its timeouts (RFC 5321 §4.5.3.2)
 *   client.ts      greeting, EHLO/HELO, MAIL/RCPT/DATA, PIPELINING
 *   mime.ts        base64, quoted-printable, RFC 2047 encoded words
 *   headers.ts     folding, dates, Message-ID, mailboxes
 *   compose.ts     the message
 */
export {
  type ClientOptions,
  DEFAULT_TIMEOUTS,
  type Envelope,
  type SendResult,
  SmtpClient,
  sendMail,
  type Timeouts,
} from './client.ts';
export { composeMessage, type MessageInput } from './compose.ts';
export { encodeData } from './data.ts';
export { type RejectedRecipient, type Reply, SmtpError, type SmtpErrorCode } from './errors.ts';
export { type Extensions, parseExtensions } from './extensions.ts';
export {
  type Address,
  createMessageId,
  foldHeader,
  formatAddress,
  formatDate,
  unfold,
} from './headers.ts';
export { encodeBase64, encodeQuotedPrintable, encodeWords } from './mime.ts';
export { MAX_REPLY_LINE, MAX_REPLY_LINES, parseReply, ReplyParser } from './reply.ts';
