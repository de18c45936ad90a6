/**
 * An SNTP client over UDP (RFC 4330 §5): one request, one matching reply, θ and δ; retries on
 * silence or a bad reply; several samples and the one with the lowest delay.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { NtpError } from './errors.ts';
import { decodePacket, encodePacket, type NtpPacket } from './packet.ts';
import { FATAL_KISS_CODES, offsetAndDelay, validateReply } from './reply.ts';
import { type NtpTimestamp, ntpToUnixNs, unixNsToNtp } from './timestamp.ts';

export interface QueryOptions {
  /** The server; default "pool.ntp.org". */
  host?: string;
  /** An integer 1…65535; default 123. */
  port?: number;
  /** How long one attempt waits for a usable reply, over 0 and at most 2^31 − 1 ms; default 2000. */
  timeoutMs?: number;
  /** Attempts after the first, an integer ≥ 0; default 2. */
  retries?: number;
  /** NTP version of the request, 3 or 4; default 4. */
  version?: number;
  /**
   * Our clock, in Unix nanoseconds. Read once per attempt just before sending (t1, which goes
   * out as the transmit timestamp) and once per datagram received (t4); never for anything else.
   */
  clock?: () => bigint;
}

export interface NtpSample {
  t1: bigint;
  t2: bigint;
  t3: bigint;
  t4: bigint;
  offsetNs: bigint;
  delayNs: bigint;
  /** The server's reply, as decoded. */
  packet: NtpPacket;
}

export interface GetTimeOptions extends QueryOptions {
  /** How many exchanges; default 4. */
  samples?: number;
}

export interface NtpResult {
  /** The sample with the lowest delay (the first of equals). */
  best: NtpSample;
  /** Every sample, in the order taken. */
  samples: NtpSample[];
}

/** setTimeout's limit: a longer delay (or Infinity) fires after 1 ms instead. */
const MAX_TIMEOUT_MS = 2_147_483_647;

const anchorNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
const wallClock = (): bigint => anchorNs + process.hrtime.bigint();

function requestFor(transmit: NtpTimestamp, version: number): Uint8Array {
  const zero = { seconds: 0, fraction: 0 };
  return encodePacket({
    leap: 0,
    version,
    mode: 3,
    stratum: 0,
    poll: 0,
    precision: 0,
    rootDelay: 0,
    rootDispersion: 0,
    referenceId: '',
    referenceTimestamp: zero,
    originTimestamp: zero,
    receiveTimestamp: zero,
    transmitTimestamp: transmit,
  });
}

type Outcome = { sample: NtpSample } | { error: NtpError };

/** One attempt on a fresh socket (a fresh source port): a usable reply, an error, or silence. */
function attempt(
  host: string,
  port: number,
  timeoutMs: number,
  version: number,
  clock: () => bigint,
) {
  // t1 first: a clock outside eras 0–1 throws here, before there is a socket or a timer to leak.
  const t1 = clock();
  const transmit = unixNsToNtp(t1);
  return new Promise<Outcome>((resolve) => {
    const socket: Socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    let done = false;
    // Once only: a send callback can still report a failed lookup after the timer closed the socket.
    const finish = (outcome: Outcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(outcome);
    };
    const timer = setTimeout(
      () =>
        finish({ error: new NtpError('ERR_NTP_TIMEOUT', `no usable reply in ${timeoutMs} ms`) }),
      timeoutMs,
    );
    // The socket's own failures (a host that does not resolve, a send the kernel refuses) are
    // this kata's errors too: every rejection is an NtpError, the system error its cause.
    const failed = (error: Error): void =>
      finish({
        error: new NtpError('ERR_NTP_NETWORK', `socket: ${error.message}`, undefined, error),
      });
    socket.on('error', failed);
    socket.on('message', (message: Buffer) => {
      const t4 = clock();
      let packet: NtpPacket;
      try {
        packet = decodePacket(message);
        validateReply(packet, transmit);
      } catch (thrown) {
        // decodePacket and validateReply throw NtpError only.
        const error = thrown as NtpError;
        // Not an answer to our request (short, or someone else's origin): drop it, keep waiting.
        if (error.code === 'ERR_NTP_SHORT_PACKET' || error.code === 'ERR_NTP_BOGUS_ORIGIN') return;
        finish({ error });
        return;
      }
      const t2 = ntpToUnixNs(packet.receiveTimestamp, t1);
      const t3 = ntpToUnixNs(packet.transmitTimestamp, t1);
      finish({ sample: { t1, t2, t3, t4, ...offsetAndDelay(t1, t2, t3, t4), packet } });
    });
    socket.send(requestFor(transmit, version), port, host, (error) => {
      if (error) failed(error);
    });
  });
}

/** DENY, RSTR, RATE: stop asking. Only a kiss-o'-death error has a kissCode. */
const isFatal = (error: NtpError): boolean => FATAL_KISS_CODES.includes(error.kissCode ?? '');

/**
 * One sample from the server: up to 1 + retries attempts, each on a fresh socket. A kiss-o'-death
 * DENY, RSTR or RATE rejects at once (no more requests); after the last attempt, rejects with
 * the last attempt's error (ERR_NTP_TIMEOUT when it heard nothing usable).
 */
export async function query(options: QueryOptions = {}): Promise<NtpSample> {
  const host = options.host ?? 'pool.ntp.org';
  const port = options.port ?? 123;
  const timeoutMs = options.timeoutMs ?? 2000;
  const retries = options.retries ?? 2;
  const version = options.version ?? 4;
  const clock = options.clock ?? wallClock;
  if (version !== 3 && version !== 4)
    throw new NtpError('ERR_NTP_INVALID_FIELD', 'version must be 3 or 4');
  // Checked here, not left to node:dgram: its RangeError would escape as a non-NtpError, and
  // retries −1 would make no attempt and reject with nothing.
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new NtpError('ERR_NTP_INVALID_FIELD', 'port must be an integer 1…65535');
  if (!Number.isInteger(retries) || retries < 0)
    throw new NtpError('ERR_NTP_INVALID_FIELD', 'retries must be an integer ≥ 0');
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS))
    throw new NtpError(
      'ERR_NTP_INVALID_FIELD',
      `timeoutMs must be over 0 and at most ${MAX_TIMEOUT_MS}`,
    );
  let last: NtpError | undefined;
  for (let i = 0; i <= retries; i++) {
    const outcome = await attempt(host, port, timeoutMs, version, clock);
    if ('sample' in outcome) return outcome.sample;
    last = outcome.error;
    if (isFatal(last)) break;
  }
  throw last;
}

/** `samples` exchanges one after the other; the best is the one with the lowest delay. */
export async function getTime(options: GetTimeOptions = {}): Promise<NtpResult> {
  const count = options.samples ?? 4;
  if (!Number.isInteger(count) || count < 1)
    throw new NtpError('ERR_NTP_INVALID_FIELD', 'samples must be ≥ 1');
  const samples: NtpSample[] = [];
  for (let i = 0; i < count; i++) samples.push(await query(options));
  let best = samples[0] as NtpSample;
  for (const s of samples) if (s.delayNs < best.delayNs) best = s;
  return { best, samples };
}
