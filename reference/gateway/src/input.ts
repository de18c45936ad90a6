/**
 * `gateway.input`: the request body as the parser delivers it, read by the application at its own
 * pace. The connection pushes decoded body bytes in (`push`), marks the end (`finish`) or a
 * failure (`fail`). When more than HIGH_WATER bytes wait unread, `onFull` pauses the socket and
 * `onDrain` resumes it: a slow application does not make the server buffer a whole upload.
 */
import { GatewayError } from './errors.ts';
import type { InputStream } from './types.ts';

const HIGH_WATER = 64 * 1024;
const EMPTY = new Uint8Array(0);

export class BodyInput implements InputStream {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private ended = false;
  private error: Error | undefined;
  private waiter: (() => void) | undefined;
  /** Once the response is done nobody will read: drop what comes. */
  private discarding = false;
  /** Called the first time the application asks for bytes (100-continue). */
  onFirstRead: (() => void) | undefined;
  onFull: (() => void) | undefined;
  onDrain: (() => void) | undefined;

  push(data: Uint8Array): void {
    if (this.discarding || data.length === 0) return;
    // The parser hands out views into the socket's chunk: copy, the chunk is not ours to keep.
    this.chunks.push(Uint8Array.prototype.slice.call(data));
    this.size += data.length;
    if (this.size > HIGH_WATER) this.onFull?.();
    this.wake();
  }

  finish(): void {
    this.ended = true;
    this.wake();
  }

  fail(error: Error): void {
    if (this.ended) return;
    this.error = error;
    this.ended = true;
    this.wake();
  }

  /** The response is over: free the buffer and ignore the rest of the body. */
  discard(): void {
    this.discarding = true;
    this.chunks = [];
    this.size = 0;
    this.onDrain?.();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Waits until at least one byte is buffered or the body is over. */
  private async fill(): Promise<void> {
    if (this.onFirstRead !== undefined) {
      const first = this.onFirstRead;
      this.onFirstRead = undefined;
      first();
    }
    while (this.size === 0 && !this.ended) {
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
    if (this.size === 0 && this.error !== undefined) throw this.error;
  }

  private take(n: number): Uint8Array {
    const first = this.chunks[0]!;
    let out: Uint8Array;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = new Uint8Array(n);
      let at = 0;
      while (at < n) {
        const c = this.chunks[0]!;
        const k = Math.min(c.length, n - at);
        out.set(c.subarray(0, k), at);
        at += k;
        if (k === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(k);
      }
    }
    this.size -= n;
    if (this.size <= HIGH_WATER) this.onDrain?.();
    return out;
  }

  async read(size?: number): Promise<Uint8Array> {
    if (size === undefined) {
      const parts: Uint8Array[] = [];
      for await (const chunk of this) parts.push(chunk);
      return concat(parts);
    }
    if (!Number.isInteger(size) || size < 0) {
      throw new GatewayError('ERR_GATEWAY_INPUT_READ_ARGUMENT', String(size));
    }
    if (size === 0) return EMPTY;
    await this.fill();
    return this.size === 0 ? EMPTY : this.take(Math.min(size, this.size));
  }

  async readLine(limit = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let got = 0;
    while (got < limit) {
      await this.fill();
      if (this.size === 0) break;
      const first = this.chunks[0]!;
      const lf = first.indexOf(0x0a);
      const want = Math.min(lf < 0 ? first.length : lf + 1, limit - got);
      const part = this.take(want);
      parts.push(part);
      got += part.length;
      if (part[part.length - 1] === 0x0a) break;
    }
    return concat(parts);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      await this.fill();
      if (this.size === 0) return;
      yield this.take(this.chunks[0]!.length);
    }
  }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  return Buffer.concat(parts);
}
