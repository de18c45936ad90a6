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
/** Every line break a sender may mean: CRLF, a bare CR, a bare LF (read on the latin1 view). */
const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * The bytes to send after a 354: the message with CRLF line ends, dot-stuffed, terminated.
 * Line by line, each copied whole: a message of megabytes is a few thousand copies, not a loop
 * over every byte.
 */
export function encodeData(message: string | Buffer): Buffer {
  const src = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  // Worst case: every byte a line break, or a dot that opens a line: two bytes each, plus ".CRLF".
  const out = Buffer.allocUnsafe(src.length * 2 + 5);
  let o = 0;
  let start = 0;
  const line = (end: number): void => {
    if (src[start] === DOT) out[o++] = DOT;
    o += src.copy(out, o, start, end);
    out[o++] = CR;
    out[o++] = LF;
  };
  // latin1 maps byte i to character i, so match indexes are byte offsets.
  for (const m of src.toString('latin1').matchAll(LINE_BREAK)) {
    line(m.index);
    start = m.index + m[0].length;
  }
  if (start < src.length) line(src.length);
  out[o++] = DOT;
  out[o++] = CR;
  out[o++] = LF;
  return out.subarray(0, o);
}
