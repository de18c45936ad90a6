/**
 * NTP timestamps (RFC 5905 §6) and their conversion to Unix time.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                            Seconds                            |
 *  |                            Fraction                           |
 *
 * Seconds count from 1900-01-01T00:00:00Z modulo 2^32: era 0 ends 2036-02-07T06:28:16Z, and the
 * era is not on the wire. We recover it against a pivot: the one time within ±2^31 s of it.
 */
import { NtpError } from './errors.ts';

/** An NTP 64-bit timestamp as on the wire: both halves unsigned 32-bit integers. */
export interface NtpTimestamp {
  seconds: number;
  fraction: number;
}

const TWO_32 = 4_294_967_296n;
const TWO_31 = 2_147_483_648n;
const NS_PER_S = 1_000_000_000n;
const NS_PER_MS = 1_000_000n;
/** Seconds from 1900-01-01 to 1970-01-01 (70 years, 17 of them leap). */
export const NTP_UNIX_OFFSET_S = 2_208_988_800n;
/** The default pivot: the start of era 1, so seconds ≥ 2^31 are era 0 and the rest era 1 (RFC 4330 §3). */
export const ERA_1_START_UNIX_NS = (TWO_32 - NTP_UNIX_OFFSET_S) * NS_PER_S;

function isUint32(n: unknown): boolean {
  // Number.isInteger is false for anything but a number: no typeof needed.
  return Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 0xffff_ffff;
}

function checkTimestamp(ts: NtpTimestamp): void {
  // `?.`: null and undefined have no halves; other non-objects have none that are integers.
  if (!isUint32(ts?.seconds) || !isUint32(ts?.fraction)) {
    throw new NtpError('ERR_NTP_INVALID_TIMESTAMP', 'seconds and fraction must be uint32');
  }
}

/** Floor division by a positive bigint (BigInt's `/` truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  // With b > 0 the remainder has a's sign: negative exactly when a is negative and not a multiple.
  return a % b < 0n ? a / b - 1n : a / b;
}

/**
 * Unix nanoseconds → NTP timestamp. The fraction is the smallest one that converts back to the
 * same nanosecond (ceil), so unixNsToNtp∘ntpToUnixNs is the identity. Eras 0 and 1 only.
 */
export function unixNsToNtp(unixNs: bigint): NtpTimestamp {
  if (typeof unixNs !== 'bigint') {
    throw new NtpError('ERR_NTP_INVALID_TIMESTAMP', 'nanoseconds must be a bigint');
  }
  const ntpNs = unixNs + NTP_UNIX_OFFSET_S * NS_PER_S;
  if (ntpNs < 0n || ntpNs >= 2n * TWO_32 * NS_PER_S) {
    throw new NtpError('ERR_NTP_INVALID_TIMESTAMP', 'time outside NTP eras 0 and 1');
  }
  let seconds = ntpNs / NS_PER_S;
  const ns = ntpNs % NS_PER_S;
  // ceil(ns · 2^32 / 10^9): never 2^32, since ns < 10^9.
  const fraction = (ns * TWO_32 + NS_PER_S - 1n) / NS_PER_S;
  seconds %= TWO_32;
  return { seconds: Number(seconds), fraction: Number(fraction) };
}

/**
 * NTP timestamp → Unix nanoseconds, the era chosen so the result lies in
 * [pivot − 2^31 s, pivot + 2^31 s). The fraction is truncated to whole nanoseconds.
 */
export function ntpToUnixNs(ts: NtpTimestamp, pivotUnixNs: bigint = ERA_1_START_UNIX_NS): bigint {
  checkTimestamp(ts);
  if (typeof pivotUnixNs !== 'bigint') {
    throw new NtpError('ERR_NTP_INVALID_TIMESTAMP', 'the pivot must be a bigint');
  }
  const pivot = floorDiv(pivotUnixNs, NS_PER_S) + NTP_UNIX_OFFSET_S;
  let d = (((BigInt(ts.seconds) - pivot) % TWO_32) + TWO_32) % TWO_32;
  if (d >= TWO_31) d -= TWO_32;
  const ntpSeconds = pivot + d;
  const ns = (BigInt(ts.fraction) * NS_PER_S) / TWO_32;
  return (ntpSeconds - NTP_UNIX_OFFSET_S) * NS_PER_S + ns;
}

/** Unix milliseconds (an integer, as Date.now() gives) → NTP timestamp. */
export function unixMsToNtp(unixMs: number): NtpTimestamp {
  if (!Number.isSafeInteger(unixMs)) {
    throw new NtpError('ERR_NTP_INVALID_TIMESTAMP', 'milliseconds must be a safe integer');
  }
  return unixNsToNtp(BigInt(unixMs) * NS_PER_MS);
}

/** NTP timestamp → Unix milliseconds, floored to a whole millisecond; era as in ntpToUnixNs. */
export function ntpToUnixMs(ts: NtpTimestamp, pivotUnixMs?: number): number {
  let pivot = ERA_1_START_UNIX_NS;
  if (pivotUnixMs !== undefined) {
    if (!Number.isSafeInteger(pivotUnixMs)) {
      throw new NtpError('ERR_NTP_INVALID_TIMESTAMP', 'the pivot must be a safe integer');
    }
    pivot = BigInt(pivotUnixMs) * NS_PER_MS;
  }
  return Number(floorDiv(ntpToUnixNs(ts, pivot), NS_PER_MS));
}
