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
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(field);
  }
  return value;
}

function shortFormat(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(field);
  const raw = Math.round(value * 65_536);
  return intIn(raw, 0, 0xffff_ffff, field);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function writeReferenceId(view: DataView, stratum: number, id: unknown): void {
  if (typeof id !== 'string') invalid('referenceId');
  if (stratum >= 2) {
    if (!IPV4.test(id)) invalid('referenceId');
    id.split('.').forEach((octet, i) => {
      view.setUint8(12 + i, Number(octet));
    });
    return;
  }
  if (id.length > 4) invalid('referenceId');
  for (let i = 0; i < id.length; i++) {
    view.setUint8(12 + i, intIn(id.charCodeAt(i), 0, 0xff, 'referenceId'));
  }
}

function writeTimestamp(view: DataView, at: number, ts: NtpTimestamp, field: string): void {
  if (ts === null || typeof ts !== 'object') invalid(field);
  view.setUint32(at, intIn(ts.seconds, 0, 0xffff_ffff, field));
  view.setUint32(at + 4, intIn(ts.fraction, 0, 0xffff_ffff, field));
}

/** The 48 bytes of `packet`; throws ERR_NTP_INVALID_FIELD for a value its field cannot hold. */
export function encodePacket(packet: NtpPacket): Uint8Array {
  const bytes = new Uint8Array(PACKET_SIZE);
  const view = new DataView(bytes.buffer);
  const leap = intIn(packet.leap, 0, 3, 'leap');
  const version = intIn(packet.version, 0, 7, 'version');
  const mode = intIn(packet.mode, 0, 7, 'mode');
  view.setUint8(0, (leap << 6) | (version << 3) | mode);
  const stratum = intIn(packet.stratum, 0, 255, 'stratum');
  view.setUint8(1, stratum);
  view.setInt8(2, intIn(packet.poll, -128, 127, 'poll'));
  view.setInt8(3, intIn(packet.precision, -128, 127, 'precision'));
  view.setUint32(4, shortFormat(packet.rootDelay, 'rootDelay'));
  view.setUint32(8, shortFormat(packet.rootDispersion, 'rootDispersion'));
  writeReferenceId(view, stratum, packet.referenceId);
  writeTimestamp(view, 16, packet.referenceTimestamp, 'referenceTimestamp');
  writeTimestamp(view, 24, packet.originTimestamp, 'originTimestamp');
  writeTimestamp(view, 32, packet.receiveTimestamp, 'receiveTimestamp');
  writeTimestamp(view, 40, packet.transmitTimestamp, 'transmitTimestamp');
  return bytes;
}

function readTimestamp(view: DataView, at: number): NtpTimestamp {
  return { seconds: view.getUint32(at), fraction: view.getUint32(at + 4) };
}

function readReferenceId(bytes: Uint8Array, stratum: number): string {
  const id = bytes.subarray(12, 16);
  if (stratum >= 2) return id.join('.');
  let end = 4;
  while (end > 0 && id[end - 1] === 0) end--;
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
