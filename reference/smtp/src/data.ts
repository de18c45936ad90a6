/**
 * The mail data on the wire (RFC 5321 §4.1.1.4, §4.5.2):
 *
 * - lines end in CRLF, and nowhere else a CR or an LF: "SMTP client implementations MUST NOT
 *   transmit these characters except when they are intended as line terminators and then MUST
 *   … transmit them only as a <CRLF> sequence" (§2.3.8). A bare LF or CR becomes CRLF here, so no
 *   server, however it reads line ends, can see an end of data inside the message (SMTP smuggling,
 *   CVE-2023-51764/51765/51766);
 * - a line that starts with "." gets one more "." (transparency, §4.5.2);
 * - the data ends with CRLF "." CRLF.
 */

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/** The bytes to send after a 354: the message with CRLF line ends, dot-stuffed, terminated. */
export function encodeData(message: string | Buffer): Buffer {
  const src = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  // Worst case: every byte a bare LF after which a dot… two bytes per byte, plus the terminator.
  const out = Buffer.allocUnsafe(src.length * 2 + 5);
  let o = 0;
  let lineStart = true;
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const b = src[i] as number;
    if (b === CR || b === LF) {
      out[o++] = CR;
      out[o++] = LF;
      if (b === CR && src[i + 1] === LF) i++;
      lineStart = true;
      continue;
    }
    if (lineStart && b === DOT) out[o++] = DOT;
    out[o++] = b;
    lineStart = false;
  }
  if (!lineStart) {
    out[o++] = CR;
    out[o++] = LF;
  }
  out[o++] = DOT;
  out[o++] = CR;
  out[o++] = LF;
  return out.subarray(0, o);
}
