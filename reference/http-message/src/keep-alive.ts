/**
 * Persistence (RFC 9112 §9.3): whether a connection outlives this message.
 *
 *   - "close" among the Connection options: no;
 *   - HTTP/1.1: yes;
 *   - HTTP/1.0: only with "keep-alive" among the Connection options (RFC 9112 §C.2.2).
 *
 * Connection = #connection-option   (RFC 9110 §7.6.1; options are case-insensitive tokens)
 */
import type { RequestHead } from './request-parser.ts';
import type { ResponseHead } from './response-parser.ts';

export function isKeepAlive(head: RequestHead | ResponseHead): boolean {
  let close = false;
  let keepAlive = false;
  for (const value of head.headers.getAll('connection')) {
    for (const option of value.split(',')) {
      const o = option.trim().toLowerCase();
      if (o === 'close') close = true;
      else if (o === 'keep-alive') keepAlive = true;
    }
  }
  if (close) return false;
  return head.version === 'HTTP/1.1' || keepAlive;
}
