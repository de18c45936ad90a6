/** Two classic services of RFC 862 and RFC 867, on bare sockets. */
import { createServer, type Server } from 'node:net';
import type { TimeServerOptions } from './types.ts';

/**
 * RFC 862 Echo: "any data received is sent back", byte for byte, no framing. `pipe` honours
 * backpressure (it pauses reading while the write side is full) and, with allowHalfOpen, ends
 * our side once the client has ended its own and everything was echoed.
 */
export function createEchoServer(): Server {
  return createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {});
    socket.pipe(socket);
  });
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** RFC 3339 §5.6 in UTC, whole seconds: "2026-12-02T15:51:57Z". */
export function formatDaytime(date: Date): string {
  return (
    `${String(date.getUTCFullYear()).padStart(4, '0')}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`
  );
}

/** RFC 867 Daytime: on connect, send the time as one line, then close; input is ignored. */
export function createTimeServer(options: TimeServerOptions = {}): Server {
  const now = options.now ?? (() => new Date());
  return createServer((socket) => {
    socket.on('error', () => {});
    socket.end(`${formatDaytime(now())}\r\n`);
  });
}
