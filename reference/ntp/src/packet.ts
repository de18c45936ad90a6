/**
 * The 48-byte NTP packet (RFC 5905 §7.3; SNTP, RFC 4330 §4). Extension fields and a MAC may
 * follow; an SNTP client ignores them.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |LI | VN  |Mode |    Stratum     |     Poll      |  Precision   |
 *  |                         Root Delay                            |
 *  |                         Root Dispersion                       |
 *  |                          Reference ID                         |
 *  |                     Reference Timestamp (64)                  |
 *  |                      Origin Timestamp (64)                    |
 *  |                      Receive Timestamp (64)                   |
 *  |                      Transmit Timestamp (64)                  |
 */
import { NtpError } from './errors.ts';
import type { NtpTimestamp } from './timestamp.ts';

export const PACKET_SIZE = 48;

export interface NtpPacket {
  /** 0 no warning, 1 last minute has 61 s, 2 last minute has 59 s, 3 unsynchronized. */
  leap: number;
  /** 3 bits: 4 for NTPv4, 3 for NTPv3. */
  version: number;
  /** 3 bits: 3 client, 4 server, 5 broadcast. */
  mode: number;
  /** 0 kiss-o'-death, 1 primary (a reference clock), 2–15 secondary, 16 unsynchronized. */
  stratum: number;
  /** Signed log2 seconds. */
  poll: number;
  /** Signed log2 seconds. */
  precision: number;
  /** Seconds, NTP short format (unsigned 16.16 fixed point). */
  rootDelay: number;
  /** Seconds, NTP short format. */
  rootDispersion: number;
  /** Stratum 0/1: up to four ASCII characters ("GPS", a kiss code); stratum ≥ 2: "a.b.c.d". */
  referenceId: string;
  referenceTimestamp: NtpTimestamp;
  originTimestamp: NtpTimestamp;
  receiveTimestamp: NtpTimestamp;
  transmitTimestamp: NtpTimestamp;
}

function invalid(field: string): never {
  throw new NtpError('ERR_NTP_INVALID_FIELD', `invalid ${field}`);
}

function intIn(value: unknown, min: number, max: number, field: string): number {
  // Number.isInteger is false for anything but a number (and for NaN and ±Infinity).
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    invalid(field);
  }
  return value as number;
}

type IntField = 'leap' | 'version' | 'mode' | 'stratum' | 'poll' | 'precision';

/** `packet[field]`, an integer in min…max: the name reads the field and names it in the error. */
function intField(packet: NtpPacket, field: IntField, min: number, max: number): number {
  return intIn(packet[field], min, max, field);
}

/** NTP short format: unsigned 16.16 seconds. NaN and ±Infinity fail intIn after the scaling. */
function shortFormat(packet: NtpPacket, field: 'rootDelay' | 'rootDispersion'): number {
  const value: unknown = packet[field];
  if (typeof value !== 'number') invalid(field);
  return intIn(Math.round(value * 65_536), 0, 0xffff_ffff, field);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The reference id's four octets, or undefined when `id` cannot be one at this stratum. */
function referenceIdOctets(stratum: number, id: unknown): number[] | undefined {
  if (typeof id !== 'string') return undefined;
  if (stratum >= 2) return IPV4.test(id) ? id.split('.').map(Number) : undefined;
  const octets = [...id].map((c) => c.charCodeAt(0));
  return id.length <= 4 && octets.every((o) => o <= 0xff) ? octets : undefined;
}

type TimestampField =
  | 'referenceTimestamp'
  | 'originTimestamp'
  | 'receiveTimestamp'
  | 'transmitTimestamp';

function writeTimestamp(view: DataView, at: number, packet: NtpPacket, field: TimestampField) {
  // `?.`: a null timestamp has no halves, and intIn refuses the undefined it reads.
  const ts: NtpTimestamp | null | undefined = packet[field];
  view.setUint32(at, intIn(ts?.seconds, 0, 0xffff_ffff, field));
  view.setUint32(at + 4, intIn(ts?.fraction, 0, 0xffff_ffff, field));
}

/** The 48 bytes of `packet`; throws ERR_NTP_INVALID_FIELD for a value its field cannot hold. */
export function encodePacket(packet: NtpPacket): Uint8Array {
  const bytes = new Uint8Array(PACKET_SIZE);
  const view = new DataView(bytes.buffer);
  const leap = intField(packet, 'leap', 0, 3);
  const version = intField(packet, 'version', 0, 7);
  const mode = intField(packet, 'mode', 0, 7);
  view.setUint8(0, (leap << 6) | (version << 3) | mode);
  const stratum = intField(packet, 'stratum', 0, 255);
  view.setUint8(1, stratum);
  view.setInt8(2, intField(packet, 'poll', -128, 127));
  view.setInt8(3, intField(packet, 'precision', -128, 127));
  view.setUint32(4, shortFormat(packet, 'rootDelay'));
  view.setUint32(8, shortFormat(packet, 'rootDispersion'));
  const id = referenceIdOctets(stratum, packet.referenceId) ?? invalid('referenceId');
  bytes.set(id, 12);
  writeTimestamp(view, 16, packet, 'referenceTimestamp');
  writeTimestamp(view, 24, packet, 'originTimestamp');
  writeTimestamp(view, 32, packet, 'receiveTimestamp');
  writeTimestamp(view, 40, packet, 'transmitTimestamp');
  return bytes;
}

function readTimestamp(view: DataView, at: number): NtpTimestamp {
  return { seconds: view.getUint32(at), fraction: view.getUint32(at + 4) };
}

function readReferenceId(bytes: Uint8Array, stratum: number): string {
  const id = bytes.subarray(12, 16);
  if (stratum >= 2) return id.join('.');
  let end = 4;
  // id[-1] is undefined, not 0: the loop stops at the start by itself.
  while (id[end - 1] === 0) end--;
  return String.fromCharCode(...id.subarray(0, end));
}

/**
 * Reads the first 48 bytes; more (extension fields, a MAC) are ignored. Fewer throw
 * ERR_NTP_SHORT_PACKET. Any 48 bytes decode: judging them is the client's job (reply.ts).
 */
export function decodePacket(bytes: Uint8Array): NtpPacket {
  if (!(bytes instanceof Uint8Array) || bytes.length < PACKET_SIZE) {
    throw new NtpError('ERR_NTP_SHORT_PACKET', `an NTP packet has at least ${PACKET_SIZE} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, PACKET_SIZE);
  const first = view.getUint8(0);
  const stratum = view.getUint8(1);
  return {
    leap: first >> 6,
    version: (first >> 3) & 7,
    mode: first & 7,
    stratum,
    poll: view.getInt8(2),
    precision: view.getInt8(3),
    rootDelay: view.getUint32(4) / 65_536,
    rootDispersion: view.getUint32(8) / 65_536,
    referenceId: readReferenceId(bytes, stratum),
    referenceTimestamp: readTimestamp(view, 16),
    originTimestamp: readTimestamp(view, 24),
    receiveTimestamp: readTimestamp(view, 32),
    transmitTimestamp: readTimestamp(view, 40),
  };
}

/** The kiss code of a kiss-o'-death packet (stratum 0), e.g. "RATE"; undefined otherwise. */
export function kissCode(packet: NtpPacket): string | undefined {
  return packet.stratum === 0 ? packet.referenceId : undefined;
}
