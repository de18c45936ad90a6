/**
 * A growing byte buffer that writes names with compression (RFC 1035 §4.1.4): every suffix of
 * every name written so far is remembered by its text, and a later name that ends with the same
 * labels writes a two-octet pointer (0b11 + 14-bit offset) instead. Text equality implies octet
 * equality (one text form per octet string), and matching is case-sensitive, so a decoded name
 * keeps the case it was encoded with.
 */
import { parseName } from './names.ts';
import { DnsError } from './types.ts';

const MAX_POINTER = 0x3fff;

export class Writer {
  bytes = new Uint8Array(512);
  at = 0;
  readonly #suffixes = new Map<string, number>();

  #room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.at + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
  }

  u8(v: number): void {
    this.#room(1);
    this.bytes[this.at++] = v;
  }

  u16(v: number): void {
    this.#room(2);
    this.bytes[this.at++] = v >>> 8;
    this.bytes[this.at++] = v & 0xff;
  }

  u32(v: number): void {
    this.#room(4);
    this.bytes[this.at++] = v >>> 24;
    this.bytes[this.at++] = (v >>> 16) & 0xff;
    this.bytes[this.at++] = (v >>> 8) & 0xff;
    this.bytes[this.at++] = v & 0xff;
  }

  raw(b: Uint8Array): void {
    this.#room(b.length);
    this.bytes.set(b, this.at);
    this.at += b.length;
  }

  /** Writes `name`; with `compress`, reuses and records suffixes. */
  name(name: string, compress: boolean): void {
    const { labels, starts, text } = parseName(name);
    for (let i = 0; i < labels.length; i++) {
      const key = text.slice(starts[i]);
      if (compress) {
        const target = this.#suffixes.get(key);
        if (target !== undefined) {
          this.u16(0xc000 | target);
          return;
        }
      }
      // Uncompressed names are pointed at too: only the pointer, not the target, is restricted.
      if (this.at <= MAX_POINTER && !this.#suffixes.has(key)) this.#suffixes.set(key, this.at);
      const label = labels[i] as Uint8Array;
      this.u8(label.length);
      this.raw(label);
    }
    this.u8(0);
  }

  /** Reserves a 16-bit length and returns a function that fills it with the bytes since. */
  length16(): () => void {
    const at = this.at;
    this.u16(0);
    return () => {
      const n = this.at - at - 2;
      if (n > 0xffff) throw new DnsError('ERR_DNS_BAD_RDATA', `RDATA of ${n} octets`);
      this.bytes[at] = n >>> 8;
      this.bytes[at + 1] = n & 0xff;
    };
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.at);
  }
}
