/**
 * A message (RFC 5322 §3.6) with a MIME body (RFC 2045, RFC 2046 §5.1.4 multipart/alternative),
 * in 7-bit ASCII with CRLF line ends: ready for any server, 8BITMIME or not.
 */
import { randomBytes } from 'node:crypto';
import { SmtpError } from './errors.ts';
import {
  type Address,
  createMessageId,
  foldHeader,
  formatAddress,
  formatDate,
  unstructured,
} from './headers.ts';
import { encodeBase64, encodeQuotedPrintable } from './mime.ts';

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
  /** More unstructured fields (X-Mailer, Comments…). Not the ones this function writes. */
  headers?: Record<string, string>;
  /** The transfer encoding of the body parts (default quoted-printable). */
  encoding?: 'quoted-printable' | 'base64';
  /** The multipart boundary (default: random). 1–70 characters of RFC 2046 bchars. */
  boundary?: string;
}

const RESERVED = new Set([
  'date',
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);
const MSG_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>$/;
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

function invalidHeader(why: string): SmtpError {
  return new SmtpError('ERR_SMTP_INVALID_HEADER', why);
}

/** The whole message: header section, blank line, body; CRLF line ends, ASCII only. */
export function composeMessage(input: MessageInput): string {
  const fields: string[] = [];
  const from = formatAddress(input.from);
  const fromAddress = typeof input.from === 'string' ? input.from : input.from.address;
  fields.push(foldHeader('Date', formatDate(input.date ?? new Date())));
  fields.push(foldHeader('From', from));
  if (input.to !== undefined && input.to.length > 0) {
    fields.push(foldHeader('To', input.to.map(formatAddress).join(', ')));
  }
  if (input.cc !== undefined && input.cc.length > 0) {
    fields.push(foldHeader('Cc', input.cc.map(formatAddress).join(', ')));
  }
  if (input.replyTo !== undefined)
    fields.push(foldHeader('Reply-To', formatAddress(input.replyTo)));
  if (input.subject !== undefined) fields.push(foldHeader('Subject', unstructured(input.subject)));
  let messageId = input.messageId;
  if (messageId === undefined) {
    messageId = createMessageId(fromAddress.slice(fromAddress.lastIndexOf('@') + 1));
  } else if (!MSG_ID.test(messageId)) {
    throw invalidHeader('bad Message-ID');
  }
  fields.push(foldHeader('Message-ID', messageId));
  fields.push('MIME-Version: 1.0');
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (RESERVED.has(name.toLowerCase()))
      throw invalidHeader(`${name} is written by composeMessage`);
    fields.push(foldHeader(name, unstructured(value)));
  }
  const encoding = input.encoding ?? 'quoted-printable';
  const encode = encoding === 'base64' ? encodeBase64 : encodeQuotedPrintable;
  const part = (type: string, body: string): string =>
    `Content-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${encode(canonical(body))}`;

  if (input.text !== undefined && input.html !== undefined) {
    const boundary = input.boundary ?? `=_hbu_${randomBytes(12).toString('hex')}`;
    if (!BOUNDARY.test(boundary)) throw invalidHeader('bad boundary');
    fields.push(foldHeader('Content-Type', `multipart/alternative; boundary="${boundary}"`));
    const body =
      `--${boundary}\r\n${part('text/plain', input.text)}\r\n` +
      `--${boundary}\r\n${part('text/html', input.html)}\r\n` +
      `--${boundary}--\r\n`;
    return `${fields.join('\r\n')}\r\n\r\n${body}`;
  }
  const [type, body] =
    input.html !== undefined ? ['text/html', input.html] : ['text/plain', input.text ?? ''];
  // The CRLF that ends the last line is body text to a reader: a text without a final line
  // break ends in a soft break instead ("=" CRLF), base64 ignores it.
  const single = part(type, body);
  const end = encoding === 'base64' ? '\r\n' : single.endsWith('\r\n') ? '' : '=\r\n';
  return `${fields.join('\r\n')}\r\n${single}${end}`;
}

/** Text in its canonical form (RFC 2049 §4): every line break a CRLF. */
function canonical(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}
