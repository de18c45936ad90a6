/**
 * application/x-www-form-urlencoded, as the WHATWG URL Standard (§5) defines it: the query
 * format of HTML forms. RFC 3986 says nothing about "&", "=" or "+"; this format does.
 */
import { percentDecode, percentEncode } from './percent.ts';

/**
 * Parses a query (without its "?") into name/value pairs, in order, repeated names kept.
 * "&" separates pairs (not ";"), the first "=" separates name from value, "+" is a space,
 * and escapes decode leniently: "%zz" stays, bad UTF-8 becomes U+FFFD.
 */
export function parseQuery(query: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const sequence of query.split('&')) {
    if (sequence === '') continue;
    const eq = sequence.indexOf('=');
    const name = eq === -1 ? sequence : sequence.slice(0, eq);
    const value = eq === -1 ? '' : sequence.slice(eq + 1);
    pairs.push([decodeFormComponent(name), decodeFormComponent(value)]);
  }
  return pairs;
}

// "+" must become a space *before* decoding, or "%2B" (a real plus) would become a space too.
const decodeFormComponent = (text: string): string =>
  percentDecode(text.replaceAll('+', ' '), { strict: false });

/**
 * Serializes pairs the way a browser submits a form: UTF-8, space as "+", and everything but
 * ASCII alphanumerics and "*-._" percent-encoded (so "~" becomes "%7E", unlike RFC 3986).
 */
export function serializeQuery(pairs: Iterable<readonly [string, string]>): string {
  const parts: string[] = [];
  for (const [name, value] of pairs) {
    parts.push(`${encodeFormComponent(name)}=${encodeFormComponent(value)}`);
  }
  return parts.join('&');
}

const encodeFormComponent = (text: string): string =>
  percentEncode(text, '*').replaceAll('~', '%7E').replaceAll('%20', '+');
