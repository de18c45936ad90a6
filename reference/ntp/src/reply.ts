/**
 * Judging a server's reply (RFC 4330 §5, RFC 5905 §8) and the clock arithmetic of one exchange.
 *
 *   t1 client sends ─────────► t2 server receives
 *                                 │ (server time)
 *   t4 client receives ◄──────── t3 server sends
 *
 *   offset θ = ((t2 − t1) + (t3 − t4)) / 2     delay δ = (t4 − t1) − (t3 − t2)
 */
import { NtpError } from './errors.ts';
import type { NtpPacket } from './packet.ts';
import type { NtpTimestamp } from './timestamp.ts';

export interface OffsetAndDelay {
  /** How far the server's clock is ahead of ours, in ns; halved with BigInt division (toward 0). */
  offsetNs: bigint;
  /** The round trip without the server's own processing time, in ns. */
  delayNs: bigint;
}

/** θ and δ from the four times of one exchange, all in Unix nanoseconds. */
export function offsetAndDelay(t1: bigint, t2: bigint, t3: bigint, t4: bigint): OffsetAndDelay {
  return { offsetNs: (t2 - t1 + (t3 - t4)) / 2n, delayNs: t4 - t1 - (t3 - t2) };
}

/** Kiss codes after which a client stops asking that server (RFC 5905 §7.4). */
export const FATAL_KISS_CODES: readonly string[] = ['DENY', 'RSTR', 'RATE'];

const isZero = (ts: NtpTimestamp): boolean => ts.seconds === 0 && ts.fraction === 0;

/**
 * Throws unless `reply` is a usable answer to the request whose transmit timestamp was
 * `sentTransmit`. Checks, in this order: origin = our transmit (ERR_NTP_BOGUS_ORIGIN, which a
 * client drops silently: anyone can send us a datagram), mode 4 (ERR_NTP_BAD_MODE), version 3 or 4
 * (ERR_NTP_BAD_VERSION), stratum 0 (ERR_NTP_KISS_OF_DEATH with its kissCode), leap 3 or stratum
 * above 15 (ERR_NTP_UNSYNCHRONIZED), a zero transmit timestamp (ERR_NTP_ZERO_TRANSMIT).
 */
export function validateReply(reply: NtpPacket, sentTransmit: NtpTimestamp): void {
  const origin = reply.originTimestamp;
  // A zero origin is no wildcard (CVE-2015-8138): it must equal what we sent, like any other.
  if (origin.seconds !== sentTransmit.seconds || origin.fraction !== sentTransmit.fraction) {
    throw new NtpError(
      'ERR_NTP_BOGUS_ORIGIN',
      'the origin timestamp is not our transmit timestamp',
    );
  }
  if (reply.mode !== 4) throw new NtpError('ERR_NTP_BAD_MODE', `mode ${reply.mode} is not server`);
  if (reply.version !== 3 && reply.version !== 4) {
    throw new NtpError('ERR_NTP_BAD_VERSION', `version ${reply.version}`);
  }
  if (reply.stratum === 0) {
    throw new NtpError(
      'ERR_NTP_KISS_OF_DEATH',
      `kiss-o'-death ${reply.referenceId}`,
      reply.referenceId,
    );
  }
  if (reply.leap === 3 || reply.stratum > 15) {
    throw new NtpError('ERR_NTP_UNSYNCHRONIZED', 'the server clock is not synchronized');
  }
  if (isZero(reply.transmitTimestamp)) {
    throw new NtpError('ERR_NTP_ZERO_TRANSMIT', 'the transmit timestamp is zero');
  }
}
