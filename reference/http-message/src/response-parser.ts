/**
 * ResponseParser: the client side of a connection (RFC 9112 §4, §6.3 for responses).
 */

import { REASON_BYTE } from './chars.ts';
import { codings } from './header-section.ts';
import type { Headers } from './headers.ts';
import type { ParserOptions } from './limits.ts';
import { Body, MessageParser, State } from './message-parser.ts';
import { type HttpVersion, parseStatusLine, type StatusLine } from './start-line.ts';

export interface ResponseHead {
  version: HttpVersion;
  status: number;
  reason: string;
  headers: Headers;
}

export class ResponseParser extends MessageParser<ResponseHead> {
  private statusLine: StatusLine | undefined;
  /** Methods of the requests still waiting for their response, oldest first. */
  private readonly methods: string[] = [];

  constructor(options?: ParserOptions) {
    super(options);
  }

  /** Queues the method of the request the next response answers; default GET. */
  expectResponseTo(method: string): void {
    this.methods.push(method);
  }

  get upgraded(): boolean {
    return this.state === State.Tunnel;
  }

  takeRemainder(): Uint8Array {
    const parts = this.tunnel;
    this.tunnel = [];
    let size = 0;
    for (const p of parts) size += p.length;
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  protected startLine(b: Uint8Array, start: number, end: number): void {
    this.statusLine = parseStatusLine(b, start, end, REASON_BYTE);
  }

  /**
   * RFC 9112 §6.3, in its order:
   *   1. a response to HEAD, and any 1xx, 204 or 304: no body, whatever the fields say;
   *   2. 2xx to CONNECT: no body, the connection becomes a tunnel;
   *   3. Transfer-Encoding ending in chunked: chunked (it overrides Content-Length);
   *   4. Transfer-Encoding not ending in chunked: read until the connection closes;
   *   5. Content-Length: that many bytes;
   *   8. otherwise: read until the connection closes.
   * A 1xx is interim: the final response to the same request is still to come, so the
   * request's method stays queued. 101 switches protocols: a tunnel.
   */
  protected finishHead(): { head: ResponseHead; body: Body } {
    const line = this.statusLine!;
    const head: ResponseHead = {
      version: line.version,
      status: line.status,
      reason: line.reason,
      headers: this.headers,
    };
    const status = line.status;
    // After 101 the connection is no longer HTTP: no later response will need the queue.
    if (status === 101) return { head, body: Body.Tunnel };
    if (status < 200) return { head, body: Body.None };
    const method = this.methods.shift() ?? 'GET';
    if (method === 'HEAD' || status === 204 || status === 304) return { head, body: Body.None };
    if (method === 'CONNECT' && status < 300) return { head, body: Body.Tunnel };
    const f = this.framing;
    if (f.transferEncoding !== undefined) {
      // §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty: read until close.
      if (line.version === 'HTTP/1.0') return { head, body: Body.UntilClose };
      const list = codings(f.transferEncoding);
      return { head, body: list[list.length - 1] === 'chunked' ? Body.Chunked : Body.UntilClose };
    }
    if (f.contentLength !== -1) return { head, body: Body.Length };
    return { head, body: Body.UntilClose };
  }
}
