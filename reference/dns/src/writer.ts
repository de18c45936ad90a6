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
    if (typeof name === 'string' && !name.includes('\\')) {
      this.#plainName(name, compress);
      return;
    }
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
      this.#remember(key);
      const label = labels[i] as Uint8Array;
      this.u8(label.length);
      this.raw(label);
    }
    this.u8(0);
  }

  #remember(key: string): void {
    // Uncompressed names are pointed at too: only the pointer, not the target, is restricted.
    if (this.at <= MAX_POINTER && !this.#suffixes.has(key)) this.#suffixes.set(key, this.at);
  }

  /** The common case, no escapes: labels are the text between dots, written char by char. */
  #plainName(name: string, compress: boolean): void {
    const text = name.endsWith('.') ? name.slice(0, -1) : name;
    const n = text.length;
    if (n + 2 > 255) {
      throw new DnsError('ERR_DNS_NAME_TOO_LONG', `"${name}" is over 255 octets on the wire`);
    }
    this.#room(n + 2);
    let start = 0;
    while (start < n) {
      const key = text.slice(start);
      if (compress) {
        const target = this.#suffixes.get(key);
        if (target !== undefined) {
          this.u16(0xc000 | target);
          return;
        }
      }
      let end = text.indexOf('.', start);
      if (end < 0) end = n;
      const len = end - start;
      if (len === 0 || end === n - 1) {
        throw new DnsError('ERR_DNS_BAD_NAME', `empty label in "${name}"`);
      }
      if (len > 63) {
        throw new DnsError('ERR_DNS_LABEL_TOO_LONG', `a label of "${name}" has ${len} octets`);
      }
      this.#remember(key);
      const bytes = this.bytes;
      let at = this.at;
      bytes[at++] = len;
      for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x21 || c > 0x7e) {
          throw new DnsError('ERR_DNS_BAD_NAME', `character ${c} in "${name}" must be escaped`);
        }
        bytes[at++] = c;
      }
      this.at = at;
      start = end + 1;
    }
    this.bytes[this.at++] = 0;
  }

  /** Makes room for `n` more octets; returns the buffer to write into at `at`. */
  reserve(n: number): Uint8Array {
    this.#room(n);
    return this.bytes;
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
