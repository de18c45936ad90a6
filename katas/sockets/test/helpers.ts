/**
 * Test setup shared by the sockets specs: the kata-kit socket harness (servers on 127.0.0.1
 * port 0, every socket closed after each test), line reads with a deadline, UDP sockets that are
 * closed after each test, and a check after each spec file that nothing it opened outlives it.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { handleCensus, settledHandles } from '@hbu/kata-kit/handles';
import {
  connect,
  listen,
  type RunningServer,
  type TestSocket,
  useSocketHarness,
} from '@hbu/kata-kit/socket-harness';
import { uncaughtDuring as uncaughtWithin } from '@hbu/kata-kit/uncaught';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  type ChatServerOptions,
  connectLines,
  createChatServer,
  type LineClient,
} from '../src/index.ts';

const cleanups: Array<() => unknown> = [];

/** Runs `fn` after the current test (LIFO). */
export function later(fn: () => unknown): void {
  cleanups.push(fn);
}

const LEAKABLE = ['TCPServerWrap', 'TCPSocketWrap', 'UDPWrap', 'PipeWrap'];

/** Installs the harness and the per-file leak check; call once at the top of a spec file. */
export function useSockets(): void {
  let baseline: Record<string, number> = {};
  beforeAll(() => {
    baseline = handleCensus(LEAKABLE);
  });
  useSocketHarness(afterEach);
  afterEach(async () => {
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()?.();
      } catch {
        // a stub, or an already-closed socket
      }
    }
  });
  afterAll(async () => {
    expect(await settledHandles(baseline), 'no socket or server outlives the spec file').toEqual(
      [],
    );
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Listens a server (or factory) on 127.0.0.1 port 0; closed after the test. */
export function serve(server: Server | (() => Server)): Promise<RunningServer> {
  return listen(server);
}

/** A raw TCP connection to the server (closed after the test). */
export function open(server: RunningServer): Promise<TestSocket> {
  return connect(server.port);
}

/** Reads one CRLF-terminated line (without the CRLF) from a harness socket. */
export function readLine(socket: TestSocket, timeoutMs = 3_000): Promise<string> {
  return socket.waitFor(
    'a CRLF-terminated line',
    (buf) => {
      const end = buf.indexOf('\r\n');
      if (end < 0) return undefined;
      socket.buffered = buf.subarray(end + 2);
      return buf.subarray(0, end).toString('utf8');
    },
    timeoutMs,
  );
}

/** Reads `n` lines. */
export async function readLines(
  socket: TestSocket,
  n: number,
  timeoutMs = 3_000,
): Promise<string[]> {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(await readLine(socket, timeoutMs));
  return lines;
}

/** A chat server (README §4) on port 0, closed after the test. */
export function chat(options: ChatServerOptions = {}): Promise<RunningServer> {
  return serve(() => createChatServer(options));
}

/** A chat member that has taken `nick` (and read its `OK <nick>`). */
export async function member(port: number, nick: string): Promise<TestSocket> {
  const socket = await connect(port);
  await socket.write(`NICK ${nick}\r\n`);
  expect(await readLine(socket), hint(4, 'NICK answers OK <nick>')).toBe(`OK ${nick}`);
  return socket;
}

/** Polls `probe` until it returns true or `ms` pass; returns whether it did. */
export async function eventually(probe: () => boolean, ms = 3_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (probe()) return true;
    await sleep(10);
  }
  return probe();
}

/** Binds a UDP socket on 127.0.0.1 port 0 and closes it after the test. */
export async function bindUdp(socket: UdpSocket): Promise<number> {
  later(() => {
    try {
      socket.close();
    } catch {
      // already closed
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket.address().port;
}

/** A plain udp4 socket, bound, closed after the test. */
export async function udpPeer(): Promise<{ socket: UdpSocket; port: number }> {
  const socket = createSocket('udp4');
  const port = await bindUdp(socket);
  return { socket, port };
}

/** What the lossy relay does with one datagram from the client. */
export type Fate = 'pass' | 'drop' | 'hold' | 'twice';

/**
 * A UDP relay between a client and a server: every datagram from the client goes through
 * `fate(n)` (n counts from 0): passed on, dropped, held back until the next one has passed
 * (reordered), or sent twice. Replies go back untouched.
 */
export async function lossyRelay(
  serverPort: number,
  fate: (n: number) => Fate,
): Promise<{ port: number; seen: () => number }> {
  const { socket, port } = await udpPeer();
  let client: { port: number; address: string } | undefined;
  let n = 0;
  let held: Buffer[] = [];
  socket.on('message', (msg, rinfo) => {
    if (rinfo.port === serverPort) {
      if (client !== undefined) socket.send(msg, client.port, client.address);
      return;
    }
    client = { port: rinfo.port, address: rinfo.address };
    const what = fate(n++);
    if (what === 'drop') return;
    if (what === 'hold') {
      held.push(msg);
      return;
    }
    socket.send(msg, serverPort, '127.0.0.1');
    if (what === 'twice') socket.send(msg, serverPort, '127.0.0.1');
    for (const h of held) socket.send(h, serverPort, '127.0.0.1');
    held = [];
  });
  return { port, seen: () => n };
}

/** Whether this machine can listen on the IPv6 loopback ::1. */
export async function ipv6LoopbackAvailable(): Promise<boolean> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '::1', () => resolve());
    });
    return true;
  } catch {
    return false;
  } finally {
    await new Promise<void>((resolve) =>
      server.listening ? server.close(() => resolve()) : resolve(),
    );
  }
}

/**
 * A plain TCP listener on `host` (closed after the test) that counts its connections; `port`
 * 0 picks one.
 */
export async function plainListener(
  host: string,
  port = 0,
): Promise<{ port: number; accepted: Socket[]; server: Server }> {
  const accepted: Socket[] = [];
  const server = createServer((s) => {
    accepted.push(s);
    s.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  later(
    () =>
      new Promise<void>((resolve) => {
        for (const s of accepted) s.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { port: address.port, accepted, server };
}

/**
 * Runs `work` and returns the exceptions no one caught meanwhile, waiting 20 ms after it for a
 * late ECONNRESET: a socket without an `'error'` listener throws at the whole process, which the
 * spec then sees as a failure of its own rather than as an error outside any test.
 */
export const uncaughtDuring = (work: () => Promise<void>): Promise<unknown[]> =>
  uncaughtWithin(work, 20);

/** A scripted server for the line client: `script` runs for each accepted socket. */
export async function scripted(script: (socket: Socket) => void): Promise<number> {
  const listener = await plainListener('127.0.0.1');
  listener.server.on('connection', script);
  return listener.port;
}

/** A line client to 127.0.0.1, closed after the test. */
export async function client(port: number, options = {}): Promise<LineClient> {
  const c = await connectLines(port, '127.0.0.1', options);
  later(() => c.close());
  return c;
}
