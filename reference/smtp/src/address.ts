/**
 * Addresses, in the envelope (RFC 5321 §4.1.2 Path) and in headers (RFC 5322 §3.4 addr-spec),
 * kept to what cannot break out of a command line or a header field: no controls (CR, LF, NUL),
 * no spaces, no angle brackets (CVE-2021-23400: nodemailer let CR/LF in an address add headers).
 */
import { isAscii as bufferIsAscii } from 'node:buffer';
import { SmtpError } from './errors.ts';

/** The longest address: a Path is at most 256 octets with its angle brackets (§4.5.3.1.3). */
export const MAX_ADDRESS_OCTETS = 254;

const ENVELOPE_BAD = /[\x00-\x20\x7f<>]/;
const ASCII = /^[\x00-\x7f]*$/;
const HEADER_PART = /^[^\x00-\x20\x7f-\uffff<>()[\]\\,;:"@]+$/;

/** No byte or character above 0x7f (a Buffer is checked natively: data can be megabytes). */
export function isAscii(value: string | Buffer): boolean {
  return typeof value === 'string' ? ASCII.test(value) : bufferIsAscii(value);
}

/** An envelope address as given, or ERR_SMTP_INVALID_ADDRESS. `""` only for the reverse-path. */
export function checkEnvelopeAddress(address: string, reversePath: boolean): string {
  if (typeof address !== 'string') throw invalid('not a string');
  if (address === '' && reversePath) return address;
  if (address === '' || ENVELOPE_BAD.test(address)) throw invalid('bad characters');
  if (Buffer.byteLength(address) > MAX_ADDRESS_OCTETS) throw invalid('too long');
  return address;
}

/** An addr-spec for a header: local "@" domain, ASCII, no specials (RFC 5322 §3.4.1). */
export function checkHeaderAddress(address: string): string {
  if (typeof address !== 'string') throw invalid('not a string');
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (at < 1 || !HEADER_PART.test(local) || !HEADER_PART.test(domain)) {
    throw invalid('not an addr-spec');
  }
  if (address.length > MAX_ADDRESS_OCTETS) throw invalid('too long');
  return address;
}

function invalid(why: string): SmtpError {
  return new SmtpError('ERR_SMTP_INVALID_ADDRESS', why);
}
