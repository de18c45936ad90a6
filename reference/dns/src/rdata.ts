/**
 * RDATA of each record type: how it is written and read. Names inside RDATA are compressed
 * only for the RFC 1035 types (NS, CNAME, PTR, MX, SOA: RFC 3597 §4); an SRV target never is
 * (RFC 2782), but a reader accepts it compressed. Every field must end exactly at RDLENGTH.
 */
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './addresses.ts';
import { decodeName } from './names.ts';
import { DnsError, type ResourceRecord } from './types.ts';
import type { Writer } from './writer.ts';

const utf8 = new TextEncoder();
const text = new TextDecoder();

const bad = (what: string): DnsError => new DnsError('ERR_DNS_BAD_RDATA', what);

/** An integer field of 0…max; Number.isInteger is false for anything but a number. */
export function int(v: unknown, max: number, what: string): number {
  if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > max) {
    throw new DnsError('ERR_DNS_BAD_FIELD', `${what} must be an integer 0…${max}`);
  }
  return v as number;
}
const U16 = 0xffff;
const U32 = 0xffffffff;

/** Writes the RDATA (not its length) of a record that is not OPT. */
export function writeRdata(w: Writer, r: Exclude<ResourceRecord, { type: 'OPT' }>): void {
  const d = r.data as unknown;
  if (d === undefined || d === null) throw bad(`${r.type} record without data`);
  switch (r.type) {
    case 'A':
      parseIPv4(r.data, w.reserve(4), w.at);
      w.at += 4;
      return;
    case 'AAAA': {
      const b = new Uint8Array(16);
      parseIPv6(r.data, b, 0);
      w.raw(b);
      return;
    }
    case 'NS':
    case 'CNAME':
    case 'PTR':
      w.name(r.data, true);
      return;
    case 'MX':
      w.u16(int(r.data.preference, U16, 'MX preference'));
      w.name(r.data.exchange, true);
      return;
    case 'TXT': {
      if (!Array.isArray(r.data) || r.data.length === 0) throw bad('TXT needs one string or more');
      for (const s of r.data) {
        if (typeof s !== 'string') throw bad('TXT strings are strings');
        // UTF-8 takes at most 3 octets per UTF-16 unit: room for that, then encode in place.
        const out = w.reserve(1 + 3 * s.length);
        const { written } = utf8.encodeInto(s, out.subarray(w.at + 1));
        if (written > 255) throw bad(`a TXT string of ${written} octets (255 at most)`);
        out[w.at] = written;
        w.at += 1 + written;
      }
      return;
    }
    case 'SRV':
      w.u16(int(r.data.priority, U16, 'SRV priority'));
      w.u16(int(r.data.weight, U16, 'SRV weight'));
      w.u16(int(r.data.port, U16, 'SRV port'));
      w.name(r.data.target, false);
      return;
    case 'SOA':
      w.name(r.data.mname, true);
      w.name(r.data.rname, true);
      w.u32(int(r.data.serial, U32, 'SOA serial'));
      w.u32(int(r.data.refresh, U32, 'SOA refresh'));
      w.u32(int(r.data.retry, U32, 'SOA retry'));
      w.u32(int(r.data.expire, U32, 'SOA expire'));
      w.u32(int(r.data.minimum, U32, 'SOA minimum'));
      return;
    default:
      if (!(r.data instanceof Uint8Array)) throw bad(`${r.type} data must be a Uint8Array`);
      w.raw(r.data);
  }
}

const u16 = (b: Uint8Array, at: number): number => ((b[at] as number) << 8) | (b[at + 1] as number);
const u32 = (b: Uint8Array, at: number): number => u16(b, at) * 0x10000 + u16(b, at + 2);

/** A name inside RDATA that must end by `end`. */
function nameIn(b: Uint8Array, at: number, end: number): { name: string; next: number } {
  const n = decodeName(b, at);
  if (n.next > end) throw bad('a name runs past RDLENGTH');
  return n;
}
function fixed(start: number, end: number, size: number, type: string): void {
  if (end - start !== size) throw bad(`${type} RDATA of ${end - start} octets, not ${size}`);
}
function done(at: number, end: number, type: string): void {
  if (at !== end) throw bad(`${type} RDATA has ${end - at} octets left over`);
}

/** Reads RDATA in [start, end) of `type` (a name from typeName); returns the `data` value. */
export function readRdata(b: Uint8Array, type: string, start: number, end: number): unknown {
  switch (type) {
    case 'A':
      fixed(start, end, 4, type);
      return formatIPv4(b, start);
    case 'AAAA':
      fixed(start, end, 16, type);
      return formatIPv6(b, start);
    case 'NS':
    case 'CNAME':
    case 'PTR': {
      const n = nameIn(b, start, end);
      done(n.next, end, type);
      return n.name;
    }
    case 'MX': {
      if (end - start < 3) throw bad('MX RDATA too short');
      const n = nameIn(b, start + 2, end);
      done(n.next, end, type);
      return { preference: u16(b, start), exchange: n.name };
    }
    case 'TXT': {
      if (end === start) throw bad('TXT RDATA without a string');
      const out: string[] = [];
      let at = start;
      while (at < end) {
        const len = b[at] as number;
        if (at + 1 + len > end) throw bad('a TXT string runs past RDLENGTH');
        out.push(text.decode(b.subarray(at + 1, at + 1 + len)));
        at += 1 + len;
      }
      return out;
    }
    case 'SRV': {
      if (end - start < 7) throw bad('SRV RDATA too short');
      const n = nameIn(b, start + 6, end);
      done(n.next, end, type);
      return {
        priority: u16(b, start),
        weight: u16(b, start + 2),
        port: u16(b, start + 4),
        target: n.name,
      };
    }
    case 'SOA': {
      const m = nameIn(b, start, end);
      const r = nameIn(b, m.next, end);
      fixed(r.next, end, 20, type);
      const at = r.next;
      return {
        mname: m.name,
        rname: r.name,
        serial: u32(b, at),
        refresh: u32(b, at + 4),
        retry: u32(b, at + 8),
        expire: u32(b, at + 12),
        minimum: u32(b, at + 16),
      };
    }
    default:
      // A copy, and a plain Uint8Array even when the input is a Buffer.
      return new Uint8Array(b.subarray(start, end));
  }
}

export { u16, u32 };
