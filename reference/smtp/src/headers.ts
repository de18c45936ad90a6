/**
 * Header fields (RFC 5322 §2.2, §2.1.1, §2.2.3, §3.3, §3.6.4):
 *
 *   field-name = 1*ftext    ftext = %d33-57 / %d59-126   ; printable ASCII but ":"
 *   "Each line of characters MUST be no more than 998 characters, and SHOULD be no more than 78
 *   characters, excluding the CRLF" (§2.1.1). Folding inserts CRLF before whitespace; unfolding
 *   removes every CRLF that is followed by whitespace (§2.2.3).
 */
import { randomBytes } from 'node:crypto';
import { checkHeaderAddress, isAscii } from './address.ts';
import { SmtpError } from './errors.ts';
import { encodeWords } from './mime.ts';

export const SOFT_LINE = 78;
export const HARD_LINE = 998;

const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
const WORD_OR_SPACE = /[ \t]*[^ \t]+|[ \t]+$/g;

function invalidHeader(why: string): SmtpError {
  return new SmtpError('ERR_SMTP_INVALID_HEADER', why);
}

/**
 * `name: value`, folded before whitespace so that lines stay within 78 characters where the
 * words allow it, and never beyond 998. Refuses a name that is not ftext, and a CR or an LF
 * anywhere (header injection, CVE-2021-23400).
 */
export function foldHeader(name: string, value: string): string {
  if (!FIELD_NAME.test(name)) throw invalidHeader('bad field name');
  if (/[\r\n]/.test(value)) throw invalidHeader('CR or LF in a header value');
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of `${value === '' ? '' : ' '}${value}`.match(WORD_OR_SPACE) ?? []) {
    const trailing = !/[^ \t]/.test(token);
    // Even the first word may go to a line of its own: "Subject:" CRLF SP word.
    if (!trailing && line.length + token.length > SOFT_LINE) {
      lines.push(line);
      line = token;
    } else {
      line += token;
    }
  }
  lines.push(line);
  if (lines.some((l) => l.length > HARD_LINE)) throw invalidHeader('a word longer than 998');
  return lines.join('\r\n');
}

/** Removes folding: every CRLF followed by a space or a tab (RFC 5322 §2.2.3). */
export function unfold(field: string): string {
  return field.replace(/\r\n(?=[ \t])/g, '');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time in UTC: "Tue, 01 Dec 2026 09:05:03 +0000". */
export function formatDate(date: Date): string {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid date');
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]}, ${p(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCFullYear()).padStart(4, '0')} ${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000`;
}

/** A fresh msg-id (RFC 5322 §3.6.4): "<" random "@" domain ">". */
export function createMessageId(domain: string): string {
  if (!/^[A-Za-z0-9.-]+$/.test(domain)) throw invalidHeader('bad Message-ID domain');
  return `<${randomBytes(16).toString('hex')}@${domain}>`;
}

/** A mailbox (RFC 5322 §3.4): the address alone, or a display name and the address. */
export interface Address {
  name?: string;
  address: string;
}

const ATOMS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?: [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;

/**
 * A mailbox as a header shows it: `address`, `Name <address>`, `"Name, Jr." <address>`, or an
 * encoded-word name `=?UTF-8?B?…?= <address>` (RFC 2047 §5(3)) when the name is not ASCII.
 */
export function formatAddress(mailbox: Address | string): string {
  const { name, address } = typeof mailbox === 'string' ? { address: mailbox } : mailbox;
  checkHeaderAddress(address);
  if (name === undefined || name === '') return address;
  if (/[\r\n]/.test(name)) throw invalidHeader('CR or LF in a display name');
  return `${phrase(name)} <${address}>`;
}

function phrase(name: string): string {
  if (!isAscii(name) || /[\x00-\x08\x0a-\x1f\x7f]/.test(name) || name.includes('=?')) {
    return encodeWords(name);
  }
  if (ATOMS.test(name)) return name;
  return `"${name.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * An unstructured value (Subject, Comments, extra fields) ready to fold: as it is when it is
 * printable ASCII whose words fit on a line, otherwise RFC 2047 encoded words. A value that
 * already looks like an encoded word ("=?") is encoded too, or a reader would decode it.
 */
export function unstructured(value: string): string {
  if (/[\r\n]/.test(value)) throw invalidHeader('CR or LF in a header value');
  const plain =
    !/[\x00-\x1f\x7f-\uffff]/.test(value) &&
    !value.includes('=?') &&
    value.split(/[ \t]/).every((w) => w.length <= SOFT_LINE - 10) &&
    value.trim() === value &&
    !/[ \t]{2}/.test(value);
  return plain ? value : encodeWords(value);
}
