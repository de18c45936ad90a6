/**
 * Line framing over a byte stream. TCP delivers bytes, not messages: one `data` event may hold
 * half a line, or three lines and the start of a fourth. A line ends at LF; a CR right before
 * the LF is part of the terminator (CRLF, as in RFC 5321 §2.3.8 and RFC 854 "NVT"), so `nc`
 * without `-C` (bare LF) is understood too. Lines are decoded as UTF-8 only once whole, so a
 * multi-byte character split between two reads is never mangled.
 */
import { LineError } from './errors.ts';

export const DEFAULT_MAX_LINE_LENGTH = 8192;

const LF = 0x0a;
const CR = 0x0d;

export interface LineDecoderOptions {
  /** The longest line accepted, in bytes, terminator not counted (default 8192). */
  maxLineLength?: number;
}

export class LineDecoder {
  readonly maxLineLength: number;
  /** Bytes of the line not yet terminated: a list, joined once the line ends. */
  private pending: Buffer[] = [];
  private size = 0;

  constructor(options: LineDecoderOptions = {}) {
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  }

  /** Bytes held for a line that has not ended yet: never more than maxLineLength + 1. */
  get buffered(): number {
    return this.size;
  }

  /** Feeds one chunk; returns the lines it completed, terminators removed. */
  push(chunk: Uint8Array): string[] {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    const lines: string[] = [];
    let start = 0;
    let lf = bytes.indexOf(LF);
    while (lf !== -1) {
      if (this.size === 0) {
        // The common case: the whole line is in this chunk, decode it in place.
        const end = lf > start && bytes[lf - 1] === CR ? lf - 1 : lf;
        if (end - start > this.maxLineLength) this.tooLong(end - start);
        lines.push(bytes.toString('utf8', start, end));
      } else {
        const line = Buffer.concat([...this.pending, bytes.subarray(start, lf)]);
        this.pending = [];
        this.size = 0;
        const end = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
        if (end > this.maxLineLength) this.tooLong(end);
        lines.push(line.toString('utf8', 0, end));
      }
      start = lf + 1;
      lf = bytes.indexOf(LF, start);
    }
    const rest = bytes.subarray(start);
    if (rest.length > 0) {
      const size = this.size + rest.length;
      // One byte over is allowed only if it is a CR: the LF may be in the next chunk.
      if (size > this.maxLineLength + 1 || (size > this.maxLineLength && rest.at(-1) !== CR)) {
        this.tooLong(size);
      }
      // A copy: a subarray would pin the whole (maybe 64 KiB) chunk in memory.
      this.pending.push(Buffer.from(rest));
      this.size = size;
    }
    return lines;
  }

  /** The end of the stream: the unterminated rest as a last line, or undefined if none. */
  end(): string | undefined {
    if (this.size === 0) return undefined;
    const rest = Buffer.concat(this.pending);
    this.pending = [];
    this.size = 0;
    const end = rest.at(-1) === CR ? rest.length - 1 : rest.length;
    return rest.toString('utf8', 0, end);
  }

  private tooLong(size: number): never {
    this.pending = [];
    this.size = 0;
    throw new LineError(
      'ERR_LINE_TOO_LONG',
      `line of ${size}+ bytes exceeds the maximum of ${this.maxLineLength}`,
    );
  }
}

/** One line as bytes on the wire: UTF-8 and CRLF. A CR or LF inside would split it: refused. */
export function encodeLine(line: string): Buffer {
  if (line.includes('\r') || line.includes('\n')) {
    throw new LineError('ERR_LINE_INVALID', 'a line to send may not contain CR or LF');
  }
  return Buffer.from(`${line}\r\n`, 'utf8');
}
