/**
 * ChunkedEncoder: writes the chunked transfer coding (RFC 9112 §7.1).
 *
 *   chunked-body    = *chunk last-chunk trailer-section CRLF
 *   chunk           = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   last-chunk      = 1*("0") [ chunk-ext ] CRLF
 *   trailer-section = *( field-line CRLF )
 */
import type { Headers } from '../headers.ts';

export class ChunkedEncoder {
  /** One chunk; nothing for empty data, since a zero-size chunk is the last-chunk. */
  encode(data: Uint8Array): Uint8Array {
    if (data.length === 0) return new Uint8Array(0);
    const size = data.length.toString(16);
    const out = new Uint8Array(size.length + 2 + data.length + 2);
    let at = 0;
    for (let i = 0; i < size.length; i++) out[at++] = size.charCodeAt(i);
    out[at++] = 0x0d;
    out[at++] = 0x0a;
    out.set(data, at);
    at += data.length;
    out[at++] = 0x0d;
    out[at] = 0x0a;
    return out;
  }

  /** The last chunk, the trailer fields (already validated by Headers), the final CRLF. */
  end(trailers?: Headers): Uint8Array {
    let text = '0\r\n';
    if (trailers !== undefined)
      for (const [name, value] of trailers) text += `${name}: ${value}\r\n`;
    text += '\r\n';
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }
}
