/**
 * One exchange with a server: a datagram over UDP (RFC 1035 §4.2.1), or over TCP with each
 * message preceded by its length in two octets (§4.2.2). Both wait for the first reply that
 * `accept` takes and ignore everything else; both give `undefined` on timeout or error and
 * leave no socket or timer behind.
 */
import { createSocket } from 'node:dgram';
import { connect, isIPv6 } from 'node:net';
import { decode } from './message.ts';
import type { DnsMessage, ServerAddress } from './types.ts';

export type Accept = (m: DnsMessage) => boolean;

function tryDecode(bytes: Uint8Array): DnsMessage | undefined {
  try {
    return decode(bytes);
  } catch {
    return undefined;
  }
}

/** Sends over UDP from a fresh socket on a random port; resolves the accepted reply. */
export function overUdp(
  bytes: Uint8Array,
  server: ServerAddress,
  timeout: number,
  accept: Accept,
): Promise<DnsMessage | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(server.address) ? 'udp6' : 'udp4');
    let settled = false;
    const finish = (m: DnsMessage | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve(m);
    };
    const timer = setTimeout(() => finish(undefined), timeout);
    socket.on('error', () => finish(undefined));
    socket.on('message', (data, from) => {
      // Only the server we asked; anyone else is spoofing or lost.
      if (from.port !== server.port || from.address !== server.address) return;
      const m = tryDecode(data);
      if (m !== undefined && accept(m)) finish(m);
    });
    // Port 0: the kernel picks a random ephemeral port, a fresh one per attempt. A socket
    // closed before it is bound (a timeout of 0) never calls this back.
    socket.bind(0, () => {
      socket.send(bytes, server.port, server.address, (e) => e && finish(undefined));
    });
  });
}

/** Sends over TCP with two-octet length framing; resolves the accepted reply. */
export function overTcp(
  bytes: Uint8Array,
  server: ServerAddress,
  timeout: number,
  accept: Accept,
): Promise<DnsMessage | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: server.address, port: server.port });
    let buffered = Buffer.alloc(0);
    // Called again by the 'close' that destroy() causes: every step of it is idempotent.
    const finish = (m: DnsMessage | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(m);
    };
    const timer = setTimeout(() => finish(undefined), timeout);
    // An 'error' (a refused or reset connection) is always followed by 'close', which ends it.
    socket.on('error', () => {});
    socket.on('close', () => finish(undefined));
    socket.on('connect', () => {
      const framed = Buffer.alloc(2 + bytes.length);
      framed.writeUInt16BE(bytes.length, 0);
      framed.set(bytes, 2);
      socket.write(framed);
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const len = buffered.readUInt16BE(0);
        if (buffered.length < 2 + len) return;
        const m = tryDecode(buffered.subarray(2, 2 + len));
        buffered = buffered.subarray(2 + len);
        if (m !== undefined && accept(m)) return finish(m);
      }
    });
  });
}
