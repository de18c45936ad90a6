/**
 * Replies (RFC 5321 §4.2):
 *
 *   Greeting  = ( "220 " (Domain / address-literal) [ SP textstring ] CRLF ) /
 *               ( "220-" (Domain / address-literal) [ SP textstring ] CRLF
 *                 *( "220-" [ textstring ] CRLF ) "220" [ SP textstring ] CRLF )
 *   Reply-line = *( Reply-code "-" [ textstring ] CRLF )
 *                Reply-code [ SP textstring ] CRLF
 *   Reply-code = %x32-35 %x30-35 %x30-39
 *
 * and the enhanced status code that may open the text (RFC 3463 §2, RFC 2034 §4):
 *
 *   status-code = class "." subject "." detail     class = "2" / "4" / "5"
 *   subject = 1*3digit                             detail = 1*3digit
 */
import { type Reply, SmtpError } from './errors.ts';

/** The longest reply line accepted, CRLF included (the text-line limit of §4.5.3.1.6). */
export const MAX_REPLY_LINE = 1000;
/** The most lines one reply may have: a server cannot make the client buffer without end. */
export const MAX_REPLY_LINES = 100;

const LINE = /^([2-5][0-5][0-9])(?:([ -])(.*))?$/s;
const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?= |$)/;

function protocol(why: string): SmtpError {
  return new SmtpError('ERR_SMTP_PROTOCOL', why);
}

/**
 * An incremental reply reader: push bytes as they arrive, get every reply they complete. Lines
 * end in CRLF (a bare LF is read as a line end too: be liberal in what you accept).
 */
export class ReplyParser {
  #buffer: Buffer = Buffer.alloc(0);
  #code = 0;
  #lines: string[] = [];

  /** True while a reply has started and not ended, or a line is half received. */
  get pending(): boolean {
    return this.#buffer.length > 0 || this.#lines.length > 0;
  }

  push(chunk: Buffer | string): Reply[] {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.#buffer = this.#buffer.length === 0 ? bytes : Buffer.concat([this.#buffer, bytes]);
    const replies: Reply[] = [];
    let start = 0;
    for (;;) {
      const lf = this.#buffer.indexOf(0x0a, start);
      if (lf === -1) break;
      if (lf + 1 - start > MAX_REPLY_LINE) throw protocol('reply line too long');
      const end = lf > start && this.#buffer[lf - 1] === 0x0d ? lf - 1 : lf;
      const reply = this.#line(this.#buffer.toString('utf8', start, end));
      if (reply !== undefined) replies.push(reply);
      start = lf + 1;
    }
    this.#buffer = this.#buffer.subarray(start);
    if (this.#buffer.length >= MAX_REPLY_LINE) throw protocol('reply line too long');
    return replies;
  }

  #line(line: string): Reply | undefined {
    const m = LINE.exec(line);
    if (m === null) throw protocol(`not a reply line: ${JSON.stringify(line.slice(0, 40))}`);
    const code = Number(m[1]);
    if (this.#lines.length > 0 && code !== this.#code) {
      throw protocol('a multiline reply changed its code');
    }
    this.#code = code;
    this.#lines.push(m[3] ?? '');
    if (this.#lines.length > MAX_REPLY_LINES) throw protocol('too many lines in one reply');
    if (m[2] === '-') return undefined;
    const lines = this.#lines;
    this.#lines = [];
    const reply: Reply = { code, lines };
    const e = ENHANCED.exec(lines[0] ?? '');
    if (e !== null && Number(e[1]) === Math.floor(code / 100)) {
      reply.enhanced = e[0];
    }
    return reply;
  }
}

/** Parses text holding exactly one complete reply. */
export function parseReply(text: string): Reply {
  const parser = new ReplyParser();
  const replies = parser.push(text);
  if (replies.length !== 1 || parser.pending) {
    throw protocol(`expected one complete reply, got ${replies.length}`);
  }
  return replies[0] as Reply;
}
