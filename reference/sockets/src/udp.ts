/**
 * UDP: one datagram is one message (RFC 768), boundaries kept, but nothing promises it arrives,
 * arrives once, or arrives in order. The client tags each request with a 32-bit id, matches
 * replies by id (not by arrival order), ignores duplicates and strays, and sends again after a
 * timeout.
 */
import { createSocket, type Socket } from 'node:dgram';
import { UdpError } from './errors.ts';
import type { UdpClient, UdpClientOptions } from './types.ts';

/** The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
const MAX_DATAGRAM = 65_507;
const ID_BYTES = 4;

/** RFC 862 §"UDP Based Echo Service": each datagram is sent back, as is, to its sender. */
export function createUdpEchoServer(): Socket {
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    socket.send(msg, rinfo.port, rinfo.address);
  });
  socket.on('error', () => {});
  return socket;
}

export function createUdpClient(options: UdpClientOptions): UdpClient {
  const host = options.host ?? '127.0.0.1';
  const timeoutMs = options.timeoutMs ?? 200;
  const retries = options.retries ?? 3;
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const pending = new Map<number, { resolve: (b: Buffer) => void; fail: (e: UdpError) => void }>();
  let nextId = 1;
  let closed = false;

  socket.on('error', () => {});
  socket.on('message', (msg) => {
    if (msg.length < ID_BYTES) return;
    const waiter = pending.get(msg.readUInt32BE(0));
    // An unknown id: a duplicate, or the late answer to an attempt already answered.
    waiter?.resolve(Buffer.from(msg.subarray(ID_BYTES)));
  });

  return {
    request(payload) {
      if (closed) return Promise.reject(new UdpError('ERR_UDP_CLOSED', 'client closed'));
      if (payload.length + ID_BYTES > MAX_DATAGRAM) {
        return Promise.reject(
          new UdpError('ERR_UDP_TOO_LARGE', `${payload.length} bytes do not fit one datagram`),
        );
      }
      const id = nextId;
      nextId = (nextId + 1) >>> 0 || 1;
      const datagram = Buffer.alloc(ID_BYTES + payload.length);
      datagram.writeUInt32BE(id, 0);
      datagram.set(payload, ID_BYTES);
      return new Promise<Buffer>((resolve, reject) => {
        let attempts = 0;
        let timer: NodeJS.Timeout | undefined;
        const settle = (): void => {
          clearTimeout(timer);
          pending.delete(id);
        };
        const attempt = (): void => {
          if (attempts > retries) {
            settle();
            reject(new UdpError('ERR_UDP_TIMEOUT', `no reply after ${attempts} attempts`));
            return;
          }
          attempts++;
          socket.send(datagram, options.port, host);
          timer = setTimeout(attempt, timeoutMs);
        };
        pending.set(id, {
          resolve: (reply) => {
            settle();
            resolve(reply);
          },
          fail: (error) => {
            settle();
            reject(error);
          },
        });
        attempt();
      });
    },
    close() {
      if (closed) return;
      closed = true;
      for (const waiter of [...pending.values()]) {
        waiter.fail(new UdpError('ERR_UDP_CLOSED', 'client closed'));
      }
      socket.close();
    },
  };
}
