/**
 * The specs' SNTP server: a UDP socket on 127.0.0.1, port 0, driven by a virtual clock shared
 * with the client under test, so every time in a sample is known to the nanosecond.
 *
 * The client reads `clock.read()` for t1 and t4. When a request arrives the server advances
 * the virtual time by the uplink delay, stamps t2 = now + offset, advances by the processing
 * time, stamps t3 = now + offset, advances by the downlink delay and sends: the client's t4 is
 * then t1 + up + process + down. Expected values: θ = offset + (up − down)/2, δ = up + down.
 *
 * Packets are built here with DataView, not with the participant's encoder, so a wrong codec
 * cannot agree with itself.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

export const NS = 1_000_000_000n;
export const MS = 1_000_000n;
const NTP_UNIX_S = 2_208_988_800n;
const TWO_32 = 4_294_967_296n;

/** Unix ns → the 8 bytes of an NTP timestamp (fraction rounded up, as the README specifies). */
export function ntpBytes(unixNs: bigint): Uint8Array {
  const ntpNs = unixNs + NTP_UNIX_S * NS;
  const seconds = (ntpNs / NS) % TWO_32;
  const fraction = ((ntpNs % NS) * TWO_32 + NS - 1n) / NS;
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, Number(seconds));
  view.setUint32(4, Number(fraction));
  return out;
}

/** Unix ns of a date given as ISO text. */
export const at = (iso: string): bigint => BigInt(Date.parse(iso)) * MS;

export interface VirtualClock {
  now: bigint;
  /** How many times the client read the clock. */
  reads: number;
  read: () => bigint;
}

export function virtualClock(start: bigint): VirtualClock {
  const clock: VirtualClock = {
    now: start,
    reads: 0,
    read: () => {
      clock.reads++;
      return clock.now;
    },
  };
  return clock;
}

/** How the server answers one request. Every field has a sane default: a stratum-2 NTPv4 server. */
export interface Plan {
  drop?: boolean;
  offsetNs?: bigint;
  upNs?: bigint;
  processNs?: bigint;
  downNs?: bigint;
  leap?: number;
  version?: number;
  mode?: number;
  stratum?: number;
  poll?: number;
  precision?: number;
  /** Four octets of reference id; default 192.0.2.1. */
  referenceId?: number[] | string;
  /** 'echo' (default): the request's transmit; 'zero'; or eight bytes of our own. */
  origin?: 'echo' | 'zero' | Uint8Array;
  transmitZero?: boolean;
  /** Bytes appended after the 48 (extension fields, a MAC). */
  trailer?: number;
  /** Datagrams sent before the reply, from the server's own socket (spoofs, junk). */
  before?: Array<(reply: Uint8Array, request: Uint8Array) => Uint8Array>;
  /** How many times the reply itself is sent; default 1. */
  copies?: number;
  /** Wall-clock ms to wait before sending the reply (the `before` datagrams go at once). */
  delayMs?: number;
}

export interface Request {
  bytes: Uint8Array;
  from: RemoteInfo;
}

export interface SntpServer {
  port: number;
  requests: Request[];
  /** Every reply sent (the genuine ones, not `before`). */
  replies: Uint8Array[];
  socket: Socket;
  close: () => Promise<void>;
}

const timers = new Set<ReturnType<typeof setTimeout>>();
const open = new Set<SntpServer>();

/** Builds the reply to `request` per `plan`, advancing the clock. */
export function buildReply(clock: VirtualClock, request: Uint8Array, plan: Plan): Uint8Array {
  const offset = plan.offsetNs ?? 0n;
  clock.now += plan.upNs ?? 0n;
  const t2 = clock.now + offset;
  clock.now += plan.processNs ?? 0n;
  const t3 = clock.now + offset;
  clock.now += plan.downNs ?? 0n;
  const out = new Uint8Array(48 + (plan.trailer ?? 0));
  const view = new DataView(out.buffer);
  const stratum = plan.stratum ?? 2;
  view.setUint8(0, ((plan.leap ?? 0) << 6) | ((plan.version ?? 4) << 3) | (plan.mode ?? 4));
  view.setUint8(1, stratum);
  view.setInt8(2, plan.poll ?? 6);
  view.setInt8(3, plan.precision ?? -20);
  view.setUint32(4, 0x0000_0800); // root delay 1/32 s
  view.setUint32(8, 0x0000_0400); // root dispersion 1/64 s
  const id = plan.referenceId ?? [192, 0, 2, 1];
  const octets = typeof id === 'string' ? [...id].map((c) => c.charCodeAt(0)) : id;
  out.set(octets.slice(0, 4), 12);
  out.set(ntpBytes(t2 - 10n * NS), 16); // reference timestamp: last set 10 s ago
  const origin = plan.origin ?? 'echo';
  if (origin === 'echo') out.set(request.subarray(40, 48), 24);
  else if (origin !== 'zero') out.set(origin, 24);
  out.set(ntpBytes(t2), 32);
  if (!plan.transmitZero) out.set(ntpBytes(t3), 40);
  return out;
}

/**
 * Starts the server on `address` (default 127.0.0.1; "::1" for an IPv6 server); `plans(n)` says
 * how to answer the n-th request (from 0).
 */
export async function startServer(
  clock: VirtualClock,
  plans: Plan | ((n: number, request: Uint8Array) => Plan),
  address = '127.0.0.1',
): Promise<SntpServer> {
  const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  const server: SntpServer = {
    port: 0,
    requests: [],
    replies: [],
    socket,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        if (!open.delete(server)) return resolve();
        socket.close(() => resolve());
      }),
  };
  open.add(server);
  socket.on('message', (msg, from) => {
    const bytes = new Uint8Array(msg);
    const n = server.requests.length;
    server.requests.push({ bytes, from });
    const plan = typeof plans === 'function' ? plans(n, bytes) : plans;
    if (plan.drop) return;
    const reply = buildReply(clock, bytes, plan);
    server.replies.push(reply);
    for (const make of plan.before ?? []) socket.send(make(reply, bytes), from.port, from.address);
    const send = (): void => {
      for (let i = 0; i < (plan.copies ?? 1); i++) socket.send(reply, from.port, from.address);
    };
    if (plan.delayMs === undefined) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (open.has(server)) send();
    }, plan.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  server.port = socket.address().port;
  return server;
}

/** Closes every server still open; install with `afterEach(closeServers)`. */
export async function closeServers(): Promise<void> {
  await Promise.all([...open].map((s) => s.close()));
}

/** A copy of `packet` with the origin timestamp (bytes 24–31) replaced. */
export function withOrigin(packet: Uint8Array, origin: Uint8Array | 'zero'): Uint8Array {
  const copy = packet.slice();
  copy.fill(0, 24, 32);
  if (origin !== 'zero') copy.set(origin, 24);
  return copy;
}

/** A copy of `packet` turned into a kiss-o'-death: stratum 0, the code in the reference id. */
export function asKiss(packet: Uint8Array, code: string): Uint8Array {
  const copy = packet.slice();
  copy[1] = 0;
  copy.fill(0, 12, 16);
  copy.set(
    [...code].map((c) => c.charCodeAt(0)),
    12,
  );
  return copy;
}

/** Polls `check` every 10 ms up to `ms`; resolves with its last result. */
export async function eventually(check: () => boolean, ms = 1_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return check();
}
