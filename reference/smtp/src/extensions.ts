/**
 * The EHLO reply (RFC 5321 §4.1.1.1):
 *
 *   ehlo-ok-rsp = ( "250" SP Domain [ SP ehlo-greet ] CRLF )
 *               / ( "250-" Domain [ SP ehlo-greet ] CRLF
 *                   *( "250-" ehlo-line CRLF ) "250" SP ehlo-line CRLF )
 *   ehlo-line    = ehlo-keyword *( SP ehlo-param )
 *   ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")   ; case-insensitive
 *   ehlo-param   = 1*(%d33-126)
 */
import type { Reply } from './errors.ts';

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

const KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/** Reads the extensions out of an EHLO reply (or the domain out of a HELO reply). */
export function parseExtensions(reply: Reply): Extensions {
  const [first = '', ...rest] = reply.lines;
  const keywords = new Map<string, string[]>();
  for (const line of rest) {
    const [keyword = '', ...params] = line.split(' ').filter((w) => w !== '');
    if (!KEYWORD.test(keyword)) continue;
    keywords.set(keyword.toUpperCase(), params);
  }
  const ext: Extensions = {
    domain: first.split(' ')[0] ?? '',
    keywords,
    pipelining: keywords.has('PIPELINING'),
    eightBitMime: keywords.has('8BITMIME'),
    smtpUtf8: keywords.has('SMTPUTF8'),
    startTls: keywords.has('STARTTLS'),
    enhancedStatusCodes: keywords.has('ENHANCEDSTATUSCODES'),
    auth: (keywords.get('AUTH') ?? []).map((m) => m.toUpperCase()),
  };
  const size = keywords.get('SIZE')?.[0];
  if (size !== undefined && /^\d+$/.test(size) && Number(size) > 0) ext.size = Number(size);
  return ext;
}
