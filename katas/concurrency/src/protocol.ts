/**
 * The line protocol's framing, given complete (the `sockets` kata is where you write one): bytes
 * in, complete lines out, with a bound on the length of a line. This file is the same in the stub
 * and in the reference; the kata is about what you do with the lines.
 *
 * A request is one line of UTF-8 ending in LF (a CR before the LF is dropped). A reply is one
 * line: `OK <payload>` or `ERR <CODE>`.
 */

/** The longest request line accepted by default, in bytes, without its line end. */
export const DEFAULT_MAX_LINE_BYTES = 1024;

/** Every code an `ERR` reply can carry (README, "The protocol"). */
export type ReplyCode =
  | 'ERR_UNKNOWN_COMMAND'
  | 'ERR_BAD_ARGUMENT'
  | 'ERR_TOO_LARGE'
  | 'ERR_FORBIDDEN'
  | 'ERR_NOT_FOUND'
  | 'ERR_INTERNAL'
  | 'ERR_BUSY'
  | 'ERR_WORKER_DIED'
  | 'ERR_LINE_TOO_LONG'
  | 'ERR_TIMEOUT';

/** A line longer than the bound: the connection is answered `ERR ERR_LINE_TOO_LONG` and closed. */
export class LineTooLongError extends Error {
  override readonly name = 'LineTooLongError';
  readonly code = 'ERR_LINE_TOO_LONG';
}

/** `OK <payload>` */
export const ok = (payload: string): string => `OK ${payload}`;

/** `ERR <CODE>` */
export const err = (code: ReplyCode): string => `ERR ${code}`;

/**
 * Splits a byte stream into lines. Push every chunk as it arrives; get back the lines it
 * completed (possibly none, possibly several). Never holds more than `maxLineBytes` of a line
 * that has not ended: past that, `push` throws LineTooLongError (the caller answers and closes).
 */
export class LineReader {
  private parts: Buffer[] = [];
  private held = 0;

  constructor(private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES) {}

  /** Bytes of the line received so far that has not ended yet. */
  get pending(): number {
    return this.held;
  }

  /** The lines `chunk` completes, without their line ends, decoded as UTF-8. */
  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const lf = chunk.indexOf(0x0a, start);
      if (lf < 0) break;
      const piece = chunk.subarray(start, lf);
      if (this.held + piece.length > this.maxLineBytes + 1) {
        throw new LineTooLongError(`a line longer than ${this.maxLineBytes} bytes`);
      }
      let line = Buffer.concat([...this.parts, piece]);
      this.parts = [];
      this.held = 0;
      if (line.at(-1) === 0x0d) line = line.subarray(0, -1);
      if (line.length > this.maxLineBytes) {
        throw new LineTooLongError(`a line longer than ${this.maxLineBytes} bytes`);
      }
      lines.push(line.toString('utf8'));
      start = lf + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) {
      // Copy: the caller's buffer may be reused.
      this.parts.push(Buffer.from(rest));
      this.held += rest.length;
      // One byte of slack for a CR whose LF has not arrived yet.
      if (this.held > this.maxLineBytes + 1) {
        throw new LineTooLongError(`a line longer than ${this.maxLineBytes} bytes`);
      }
    }
    return lines;
  }
}
