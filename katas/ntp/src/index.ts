/**
 * ntp: an SNTP client (RFC 4330, RFC 5905): the packet codec, timestamps across eras, the checks
 * a reply must pass, and the client over UDP.
 *
 * This file is yours. The names, types and signatures below are final: the specs import them.
 * Replace each `notImplemented(…)` with your code, stage by stage (README.md), and split the work
 * into more files under src/ whenever it helps.
 */
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the stubs ignore their parameters (delete this line once yours use them).
import { notImplemented } from '@hbu/kata-kit/not-implemented';

/** The stable codes of NtpError. README "Errors" says which input throws which. */
export type NtpErrorCode =
  | 'ERR_NTP_INVALID_TIMESTAMP'
  | 'ERR_NTP_SHORT_PACKET'
  | 'ERR_NTP_INVALID_FIELD'
  | 'ERR_NTP_BOGUS_ORIGIN'
  | 'ERR_NTP_BAD_MODE'
  | 'ERR_NTP_BAD_VERSION'
  | 'ERR_NTP_KISS_OF_DEATH'
  | 'ERR_NTP_UNSYNCHRONIZED'
  | 'ERR_NTP_ZERO_TRANSMIT'
  | 'ERR_NTP_TIMEOUT'
  | 'ERR_NTP_NETWORK';

/**
 * What every function of this kata throws. Ready to use: `throw new NtpError(code, message)`;
 * for ERR_NTP_KISS_OF_DEATH pass the kiss code ("RATE") as the third argument; for
 * ERR_NTP_NETWORK pass the socket's error as the fourth (`undefined` third): it becomes `cause`.
 */
export class NtpError extends Error {
  override readonly name = 'NtpError';
  readonly code: NtpErrorCode;
  readonly kissCode: string | undefined;

  constructor(code: NtpErrorCode, message: string, kissCode?: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.kissCode = kissCode;
  }
}

// ─── 1. Timestamps and eras ──────────────────────────────────────────────────────────────────

/**
 * An NTP 64-bit timestamp as on the wire (RFC 5905 §6): seconds since 1900-01-01T00:00:00Z
 * modulo 2^32, and a binary fraction of a second (fraction / 2^32). Both unsigned 32-bit integers.
 * Era 0 ends at 2036-02-07T06:28:16Z, when seconds wrap to 0; the era is not on the wire.
 */
export interface NtpTimestamp {
  seconds: number;
  fraction: number;
}

/**
 * Unix nanoseconds → NTP timestamp. The fraction is the smallest one that converts back to the
 * same nanosecond: ceil(ns × 2^32 / 10^9). Times before 1900 or from era 2 on (2172) throw
 * ERR_NTP_INVALID_TIMESTAMP, as does anything but a bigint.
 *
 * @example unixNsToNtp(0n) // { seconds: 2208988800, fraction: 0 }
 */
export function unixNsToNtp(unixNs: bigint): NtpTimestamp {
  // TODO: README §1.
  return notImplemented('unixNsToNtp', 1);
}

/**
 * NTP timestamp → Unix nanoseconds. The fraction is truncated to whole nanoseconds:
 * floor(fraction × 10^9 / 2^32). The era is the one that puts the result in
 * [pivot − 2^31 s, pivot + 2^31 s) (the pivot floored to a whole second). The default pivot is
 * the start of era 1, which gives RFC 4330 §3's rule: seconds with the top bit set are era 0
 * (1968–2036), the others era 1 (2036–2104). A field that is not a uint32 throws
 * ERR_NTP_INVALID_TIMESTAMP.
 *
 * @example ntpToUnixNs({ seconds: 2208988800, fraction: 2 ** 31 }) // 500_000_000n
 */
export function ntpToUnixNs(ts: NtpTimestamp, pivotUnixNs?: bigint): bigint {
  // TODO: README §1.
  return notImplemented('ntpToUnixNs', 1);
}

/** Unix milliseconds (a safe integer, as Date.now() gives) → NTP timestamp, as unixNsToNtp. */
export function unixMsToNtp(unixMs: number): NtpTimestamp {
  // TODO: README §1.
  return notImplemented('unixMsToNtp', 1);
}

/**
 * NTP timestamp → Unix milliseconds, floored to a whole millisecond (toward −∞, so before 1970
 * too); the era as in ntpToUnixNs, the pivot in milliseconds (a safe integer).
 */
export function ntpToUnixMs(ts: NtpTimestamp, pivotUnixMs?: number): number {
  // TODO: README §1.
  return notImplemented('ntpToUnixMs', 1);
}

// ─── 2. The packet codec ─────────────────────────────────────────────────────────────────────

/** The size of an NTP packet without extension fields or MAC. */
export const PACKET_SIZE = 48;

/** One NTP packet, field by field (RFC 5905 §7.3, RFC 4330 §4). */
export interface NtpPacket {
  /** 2 bits. 0 no warning, 1 last minute has 61 s, 2 last minute has 59 s, 3 unsynchronized. */
  leap: number;
  /** 3 bits: 4 for NTPv4, 3 for NTPv3. */
  version: number;
  /** 3 bits: 3 client, 4 server, 5 broadcast. */
  mode: number;
  /** 8 bits. 0 kiss-o'-death, 1 primary (a reference clock), 2–15 secondary, 16 unsynchronized. */
  stratum: number;
  /** Signed 8 bits, log2 seconds: the longest interval between two requests. */
  poll: number;
  /** Signed 8 bits, log2 seconds: the precision of the server's clock (-20 ≈ 1 µs). */
  precision: number;
  /** Seconds, NTP short format: unsigned 16.16 fixed point (encode rounds to 1/65536 s). */
  rootDelay: number;
  /** Seconds, NTP short format. */
  rootDispersion: number;
  /**
   * Stratum 0 and 1: up to four characters, one per octet (Latin-1), trailing NULs dropped:
   * "GPS", "PPS", or a kiss code ("RATE"). Stratum 2 and above: the upstream server's IPv4
   * address, dotted decimal ("192.0.2.1").
   */
  referenceId: string;
  referenceTimestamp: NtpTimestamp;
  originTimestamp: NtpTimestamp;
  receiveTimestamp: NtpTimestamp;
  transmitTimestamp: NtpTimestamp;
}

/**
 * The 48 bytes of `packet`, big-endian. A value its field cannot hold (leap 4, poll 128, a
 * negative root delay, a five-character or non-Latin-1 reference id, "1.2.3" at stratum 2, a
 * timestamp half that is not a uint32) throws ERR_NTP_INVALID_FIELD.
 */
export function encodePacket(packet: NtpPacket): Uint8Array {
  // TODO: README §2.
  return notImplemented('encodePacket', 2);
}

/**
 * The fields of the first 48 bytes; bytes after them (extension fields, a MAC) are ignored.
 * Fewer than 48 bytes (or no Uint8Array at all) throw ERR_NTP_SHORT_PACKET. Any 48 bytes decode:
 * judging the values is validateReply's job.
 */
export function decodePacket(bytes: Uint8Array): NtpPacket {
  // TODO: README §2.
  return notImplemented('decodePacket', 2);
}

/** The kiss code of a kiss-o'-death packet (stratum 0), e.g. "RATE"; undefined at any other stratum. */
export function kissCode(packet: NtpPacket): string | undefined {
  // TODO: README §2.
  return notImplemented('kissCode', 2);
}

// ─── 3. Judge a reply ────────────────────────────────────────────────────────────────────────

/** Kiss codes after which a client stops asking that server (RFC 5905 §7.4). */
export const FATAL_KISS_CODES: readonly string[] = ['DENY', 'RSTR', 'RATE'];

export interface OffsetAndDelay {
  /** How far the server's clock is ahead of ours, in ns; halved with BigInt division (toward 0). */
  offsetNs: bigint;
  /** The round trip without the server's own processing time, in ns. */
  delayNs: bigint;
}

/**
 * θ and δ from the four times of one exchange, all in Unix nanoseconds (RFC 4330 §5):
 * offset θ = ((t2 − t1) + (t3 − t4)) / 2, delay δ = (t4 − t1) − (t3 − t2).
 */
export function offsetAndDelay(t1: bigint, t2: bigint, t3: bigint, t4: bigint): OffsetAndDelay {
  // TODO: README §3.
  return notImplemented('offsetAndDelay', 3);
}

/**
 * Throws unless `reply` is a usable answer to the request whose transmit timestamp was
 * `sentTransmit`. Checks, in this order:
 *   1. origin timestamp = sentTransmit, exactly (ERR_NTP_BOGUS_ORIGIN — the client drops such a
 *      datagram and keeps waiting);
 *   2. mode 4, server (ERR_NTP_BAD_MODE);
 *   3. version 3 or 4 (ERR_NTP_BAD_VERSION);
 *   4. stratum 0 is a kiss-o'-death (ERR_NTP_KISS_OF_DEATH, its kissCode the reference id);
 *   5. leap 3 or stratum above 15 (ERR_NTP_UNSYNCHRONIZED);
 *   6. a zero transmit timestamp (ERR_NTP_ZERO_TRANSMIT).
 */
export function validateReply(reply: NtpPacket, sentTransmit: NtpTimestamp): void {
  // TODO: README §3.
  notImplemented('validateReply', 3);
}

// ─── 4. Query a server ───────────────────────────────────────────────────────────────────────

export interface QueryOptions {
  /** The server; default "pool.ntp.org". */
  host?: string;
  /** An integer 1…65535 (else ERR_NTP_INVALID_FIELD); default 123. */
  port?: number;
  /**
   * How long one attempt waits for a usable reply, in ms: over 0 and at most 2^31 − 1, the
   * longest setTimeout keeps (else ERR_NTP_INVALID_FIELD); default 2000.
   */
  timeoutMs?: number;
  /** Attempts after the first, an integer ≥ 0 (else ERR_NTP_INVALID_FIELD); default 2. */
  retries?: number;
  /** NTP version of the request, 3 or 4 (anything else: ERR_NTP_INVALID_FIELD); default 4. */
  version?: number;
  /**
   * Our clock, in Unix nanoseconds; default the system clock. Read once per attempt just before
   * sending (t1, which goes out as the transmit timestamp) and once per datagram received (t4),
   * never for anything else (timeouts use timers).
   */
  clock?: () => bigint;
}

/** One exchange: the four times in Unix ns, θ and δ, and the server's reply. */
export interface NtpSample {
  t1: bigint;
  t2: bigint;
  t3: bigint;
  t4: bigint;
  offsetNs: bigint;
  delayNs: bigint;
  packet: NtpPacket;
}

/**
 * One sample from an SNTP server over UDP: a client request (mode 3, our version, transmit = t1,
 * every other field zero), then the first reply that answers it. Datagrams that are short or
 * whose origin is not our transmit are dropped; a reply failing validateReply fails the attempt.
 * t2 and t3 are converted with t1 as the pivot. Up to 1 + retries attempts, each on a fresh
 * socket; a kiss-o'-death DENY, RSTR or RATE rejects at once with no further request. After the
 * last attempt, rejects with its error (ERR_NTP_TIMEOUT when nothing usable came). A socket
 * error (the host does not resolve, the send is refused) fails the attempt too, as an NtpError
 * ERR_NTP_NETWORK whose `cause` is the socket's error: every rejection is an NtpError.
 */
export function query(options?: QueryOptions): Promise<NtpSample> {
  // TODO: README §4.
  return notImplemented('query', 4);
}

// ─── 5. Samples and kiss-o'-death ────────────────────────────────────────────────────────────

export interface GetTimeOptions extends QueryOptions {
  /** How many exchanges, an integer ≥ 1 (else ERR_NTP_INVALID_FIELD); default 4. */
  samples?: number;
}

export interface NtpResult {
  /** The sample with the lowest delay (the first of equals). */
  best: NtpSample;
  /** Every sample, in the order taken. */
  samples: NtpSample[];
}

/**
 * `samples` queries one after the other (each with its own retries); the best is the one with
 * the lowest delay. The first query that rejects rejects getTime with its error.
 */
export function getTime(options?: GetTimeOptions): Promise<NtpResult> {
  // TODO: README §5.
  return notImplemented('getTime', 5);
}
