/**
 * The machinery both parsers share: a state machine fed with arbitrary slices of a byte stream.
 *
 * Line states (start line, field lines, chunk-size lines, the CRLF after chunk data, trailers)
 * wait for a whole line; a line split across pushes is kept (copied: the caller may reuse its
 * buffer) and joined with the next push. Body states hand out views of the pushed bytes as they
 * come, so a body is never buffered.
 *
 * Every limit is checked on the bytes seen so far, so a peer that never sends LF still hits
 * one: memory per connection is bounded by the limits, not by the peer.
 */
import { MAX_CHUNK_SIZE_DIGITS, parseChunkSizeLine } from './body/chunked.ts';
import * as chars from './chars.ts';
import { type HttpErrorCode, HttpParseError } from './errors.ts';
import { FramingFields, parseFieldLine, tryFieldLines } from './header-section.ts';
import { Headers } from './headers.ts';
import { type ParserLimits, type ParserOptions, resolveLimits } from './limits.ts';

// Module-local copies: a hot loop should not go through a module namespace (or a
// bundler's export getter) for every byte.
const CR = chars.CR;
const LF = chars.LF;
const SEMI = chars.SEMI;

export type ParseEvent<H> =
  | { type: 'head'; head: H }
  | { type: 'data'; data: Uint8Array }
  | { type: 'end'; trailers: Headers };

/** Parser states; plain numbers so the hot loop compares small integers. */
export const State = {
  StartLine: 0,
  Headers: 1,
  ChunkSize: 2,
  ChunkDataEnd: 3,
  Trailers: 4,
  // Data states from here on: bytes are body, not lines.
  Length: 5,
  ChunkData: 6,
  UntilClose: 7,
  Tunnel: 8,
} as const;
export type State = (typeof State)[keyof typeof State];

/** How the body of the message whose head was just read is delimited (RFC 9112 §6.3). */
export const Body = {
  None: 0,
  Length: 1,
  Chunked: 2,
  UntilClose: 3,
  /** No body, and the connection stops being HTTP (101, 2xx to CONNECT). */
  Tunnel: 4,
} as const;
export type Body = (typeof Body)[keyof typeof Body];

export abstract class MessageParser<H> {
  protected readonly limits: ParserLimits;
  private readonly lenient: boolean;
  protected state: State = State.StartLine;
  private error: HttpParseError | undefined;
  /** The unfinished line carried over from the previous push (a copy). */
  private pending: Uint8Array | undefined;
  /** Header (or trailer) section bytes and field lines so far. */
  private sectionBytes = 0;
  private sectionCount = 0;
  protected headers = new Headers();
  private trailers = new Headers();
  protected readonly framing = new FramingFields();
  /** Bytes left in the current Content-Length body or chunk. */
  private remaining = 0;
  /** Body bytes of the current message so far (for maxBodyBytes). */
  private bodyBytes = 0;
  protected tunnel: Uint8Array[] = [];

  constructor(options: ParserOptions | undefined) {
    this.limits = resolveLimits(options?.limits);
    this.lenient = options?.lenientLineEndings === true;
  }

  /** Parses the start line bytes[start, end); called once per message. */
  protected abstract startLine(b: Uint8Array, start: number, end: number): void;
  /** Builds the head after the empty line and decides how the body is framed. */
  protected abstract finishHead(): { head: H; body: Body };

  push(chunk: Uint8Array): ParseEvent<H>[] {
    if (this.error !== undefined) throw this.error;
    const events: ParseEvent<H>[] = [];
    try {
      this.run(chunk, events);
      return events;
    } catch (error) {
      if (error instanceof HttpParseError) {
        error.events = events as HttpParseError['events'];
        this.error = error;
      }
      throw error;
    }
  }

  end(): ParseEvent<H>[] {
    if (this.error !== undefined) throw this.error;
    const events: ParseEvent<H>[] = [];
    if (this.state === State.UntilClose) {
      events.push({ type: 'end', trailers: new Headers() });
      this.state = State.StartLine;
    } else if (
      this.state !== State.Tunnel &&
      (this.state !== State.StartLine || this.pendingLength() > 0)
    ) {
      this.error = new HttpParseError('ERR_HTTP_INCOMPLETE_MESSAGE');
      throw this.error;
    }
    return events;
  }

  private pendingLength(): number {
    const p = this.pending;
    if (p === undefined) return 0;
    // Blank lines before a request line are ignorable (§2.2); a lone CR or LF is not a message.
    for (let i = 0; i < p.length; i++) if (p[i] !== CR && p[i] !== LF) return p.length;
    return 0;
  }

  private run(chunk: Uint8Array, events: ParseEvent<H>[]): void {
    let b = chunk;
    if (this.pending !== undefined) {
      const joined = new Uint8Array(this.pending.length + chunk.length);
      joined.set(this.pending, 0);
      joined.set(chunk, this.pending.length);
      b = joined;
      this.pending = undefined;
    }
    const len = b.length;
    let pos = 0;
    while (pos < len) {
      const state = this.state;
      if (state >= State.Length) {
        pos = this.data(b, pos, len, events);
        continue;
      }
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: declining the fast path is always safe.
      if (state === State.Headers && this.sectionCount < this.limits.maxHeaderCount) {
        // Fast path for the complete, well-formed field lines; the general one below takes the
        // line it stops at (unfinished, malformed, or the empty line that ends the head).
        const before = this.headers.size;
        const next = tryFieldLines(
          b,
          pos,
          len,
          this.limits.maxHeaderBytes - this.sectionBytes,
          this.limits.maxHeaderCount - this.sectionCount,
          this.headers,
          this.framing,
        );
        this.sectionBytes += next - pos;
        this.sectionCount += this.headers.size - before;
        pos = next;
        if (pos === len) break;
        if (b[pos] === CR && b[pos + 1] === LF) {
          // The empty line that ends the section, already in sight: no need to search for it.
          this.line(b, pos, pos, 2, events);
          pos += 2;
          continue;
        }
      }
      const lf = b.indexOf(LF, pos);
      if (lf === -1) {
        this.checkPartial(b, pos, len);
        this.pending = b.slice(pos);
        break;
      }
      let end = lf;
      // (b[pos - 1] is never a CR: it is the LF of the previous line, or before the buffer.)
      if (b[lf - 1] === CR) end = lf - 1;
      else if (!this.lenient) this.lineError(b, pos, lf, 'ERR_HTTP_INVALID_LINE_ENDING');
      try {
        this.line(b, pos, end, lf + 1 - pos, events);
      } catch (error) {
        if (error instanceof HttpParseError) this.lineError(b, pos, end, error.code);
        throw error;
      }
      pos = lf + 1;
    }
  }

  /**
   * Throws `code`, unless the line holds a CR: a CR that does not end a line is the
   * CVE-2023-30589 vector (one parser sees a line break where another sees none), and it is
   * reported as such whatever else is wrong with the line.
   */
  private lineError(b: Uint8Array, start: number, end: number, code: HttpErrorCode): never {
    for (let i = start; i < end; i++) {
      if (b[i] === CR) throw new HttpParseError('ERR_HTTP_INVALID_LINE_ENDING');
    }
    throw new HttpParseError(code);
  }

  /** Limits on an unfinished line: the line will be at least this long. */
  private checkPartial(b: Uint8Array, pos: number, len: number): void {
    // The last byte may be the CR of the CRLF still to come.
    const atLeast = len - pos - 1;
    const l = this.limits;
    switch (this.state) {
      case State.StartLine:
        if (atLeast > l.maxStartLineBytes)
          this.lineError(b, pos, len - 1, 'ERR_HTTP_START_LINE_TOO_LONG');
        break;
      case State.Headers:
      case State.Trailers:
        if (this.sectionBytes + atLeast + 2 > l.maxHeaderBytes) {
          this.lineError(b, pos, len - 1, 'ERR_HTTP_HEADER_TOO_LARGE');
        }
        break;
      case State.ChunkSize: {
        let semi = pos;
        while (semi < len && b[semi] !== SEMI) semi++;
        if (semi === len) {
          if (atLeast > MAX_CHUNK_SIZE_DIGITS)
            this.lineError(b, pos, len - 1, 'ERR_HTTP_INVALID_CHUNK_SIZE');
        } else if (len - 1 - semi > l.maxChunkExtensionBytes) {
          this.lineError(b, pos, len - 1, 'ERR_HTTP_CHUNK_EXTENSION_TOO_LARGE');
        }
        break;
      }
      case State.ChunkDataEnd:
        if (atLeast > 0) throw new HttpParseError('ERR_HTTP_INVALID_CHUNK_DATA');
        break;
    }
  }

  /** One complete line bytes[start, end) of `size` wire bytes (terminator included). */
  private line(
    b: Uint8Array,
    start: number,
    end: number,
    size: number,
    events: ParseEvent<H>[],
  ): void {
    const l = this.limits;
    switch (this.state) {
      case State.StartLine:
        // §2.2: a server SHOULD ignore at least one empty line before the request-line.
        if (end === start) return;
        if (end - start > l.maxStartLineBytes)
          throw new HttpParseError('ERR_HTTP_START_LINE_TOO_LONG');
        this.startLine(b, start, end);
        this.headers = new Headers();
        this.framing.reset();
        this.sectionBytes = 0;
        this.sectionCount = 0;
        this.state = State.Headers;
        return;
      case State.Headers:
      case State.Trailers: {
        this.sectionBytes += size;
        if (this.sectionBytes > l.maxHeaderBytes)
          throw new HttpParseError('ERR_HTTP_HEADER_TOO_LARGE');
        if (end === start) {
          if (this.state === State.Headers) this.headEnd(events);
          else this.messageEnd(events, this.trailers);
          return;
        }
        if (++this.sectionCount > l.maxHeaderCount)
          throw new HttpParseError('ERR_HTTP_TOO_MANY_HEADERS');
        if (this.state === State.Headers) parseFieldLine(b, start, end, this.headers, this.framing);
        else parseFieldLine(b, start, end, this.trailers, undefined);
        return;
      }
      case State.ChunkSize: {
        const size = parseChunkSizeLine(b, start, end, l.maxChunkExtensionBytes);
        if (size === 0) {
          this.trailers = new Headers();
          this.sectionBytes = 0;
          this.sectionCount = 0;
          this.state = State.Trailers;
          return;
        }
        this.addBodyBytes(size);
        this.remaining = size;
        this.state = State.ChunkData;
        return;
      }
      case State.ChunkDataEnd:
        if (end !== start) throw new HttpParseError('ERR_HTTP_INVALID_CHUNK_DATA');
        this.state = State.ChunkSize;
        return;
    }
  }

  private addBodyBytes(n: number): void {
    this.bodyBytes += n;
    if (this.bodyBytes > this.limits.maxBodyBytes)
      throw new HttpParseError('ERR_HTTP_BODY_TOO_LARGE');
  }

  private headEnd(events: ParseEvent<H>[]): void {
    const { head, body } = this.finishHead();
    events.push({ type: 'head', head });
    this.bodyBytes = 0;
    switch (body) {
      case Body.None:
        this.messageEnd(events, new Headers());
        return;
      case Body.Length: {
        const n = this.framing.contentLength;
        this.addBodyBytes(n);
        if (n === 0) {
          this.messageEnd(events, new Headers());
          return;
        }
        this.remaining = n;
        this.state = State.Length;
        return;
      }
      case Body.Chunked:
        this.state = State.ChunkSize;
        return;
      case Body.UntilClose:
        this.state = State.UntilClose;
        return;
      case Body.Tunnel:
        events.push({ type: 'end', trailers: new Headers() });
        this.state = State.Tunnel;
        return;
    }
  }

  private messageEnd(events: ParseEvent<H>[], trailers: Headers): void {
    events.push({ type: 'end', trailers });
    this.state = State.StartLine;
  }

  /** A data state: hands out as much of b[pos, len) as belongs to the body; returns the new pos. */
  private data(b: Uint8Array, pos: number, len: number, events: ParseEvent<H>[]): number {
    switch (this.state) {
      case State.Length:
      case State.ChunkData: {
        const n = Math.min(this.remaining, len - pos);
        events.push({ type: 'data', data: b.subarray(pos, pos + n) });
        this.remaining -= n;
        if (this.remaining === 0) {
          if (this.state === State.Length) this.messageEnd(events, new Headers());
          else this.state = State.ChunkDataEnd;
        }
        return pos + n;
      }
      case State.UntilClose:
        this.addBodyBytes(len - pos);
        events.push({ type: 'data', data: b.subarray(pos, len) });
        return len;
      default:
        // Tunnel: no longer HTTP; keep a copy for takeRemainder().
        this.tunnel.push(b.slice(pos, len));
        return len;
    }
  }
}
