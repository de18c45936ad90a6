/**
 * A TCP line-protocol server: framing (lines.ts), one line handled at a time per connection,
 * backpressure both ways, half-close, idle and line timeouts, graceful shutdown.
 */
import { createServer, type Socket } from 'node:net';
import { LineError } from './errors.ts';
import { encodeLine, LineDecoder } from './lines.ts';
import type { LineConnection, LineHandler, LineServer, LineServerOptions } from './types.ts';

const DEFAULT_HIGH_WATER_MARK = 64 * 1024;
/** How long a closing connection may take to flush its last line before it is destroyed. */
const CLOSE_GRACE_MS = 2_000;

/** Resolves at the socket's next 'drain' or 'close', whichever comes first. */
function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

export function createLineServer(
  handler: LineHandler,
  options: LineServerOptions = {},
): LineServer {
  const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  const live = new Set<() => void>();
  let shuttingDown = false;
  let nextId = 1;

  // allowHalfOpen: the client's FIN ends its requests, not our replies (RFC 9293 §3.6).
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const decoder = new LineDecoder(
      options.maxLineLength === undefined ? {} : { maxLineLength: options.maxLineLength },
    );
    const queue: string[] = [];
    let running = false;
    let inputEnded = false;
    let closing = false;
    let lineTimer: NodeJS.Timeout | undefined;
    let closeTimer: NodeJS.Timeout | undefined;

    const conn: LineConnection = {
      id: nextId++,
      socket,
      send(line: string): boolean {
        if (socket.destroyed || !socket.writable) return false;
        return socket.write(encodeLine(line));
      },
      close(reason?: string): void {
        if (closing) return;
        closing = true;
        clearTimeout(lineTimer);
        socket.pause();
        queue.length = 0;
        if (reason !== undefined && socket.writable) socket.write(encodeLine(`ERR ${reason}`));
        socket.end();
        // A peer that never reads would keep the socket open forever: destroy it after a grace.
        closeTimer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
        closeTimer.unref();
      },
    };

    // Graceful shutdown: stop reading, finish what was read, then end.
    const stopReading = (): void => {
      socket.pause();
      inputEnded = true;
      if (!running) finish();
    };
    live.add(stopReading);

    const finish = (): void => {
      if (inputEnded && !running && queue.length === 0 && !closing) conn.close();
    };

    const pump = async (): Promise<void> => {
      if (running) return;
      running = true;
      try {
        while (queue.length > 0 && !closing && !socket.destroyed) {
          // Backpressure: do not produce more output while the peer is not reading what we sent.
          if (socket.writableLength > highWaterMark) {
            await drained(socket);
            continue;
          }
          const line = queue.shift() as string;
          const result = handler(line, conn);
          if (result !== undefined) await result;
        }
      } catch {
        conn.close('internal');
      } finally {
        running = false;
      }
      if (closing || socket.destroyed) return;
      if (inputEnded) finish();
      else if (socket.writableLength > highWaterMark) {
        await drained(socket);
        if (!closing && !inputEnded) socket.resume();
      } else socket.resume();
    };

    // Slowloris: a line must be complete within lineTimeoutMs of its first byte, however
    // steadily its bytes trickle in (each byte resets the idle timeout, not this one).
    const armLineTimer = (completed: boolean): void => {
      if (options.lineTimeoutMs === undefined) return;
      if (completed || decoder.buffered === 0) {
        clearTimeout(lineTimer);
        lineTimer = undefined;
      }
      if (decoder.buffered > 0 && lineTimer === undefined) {
        lineTimer = setTimeout(() => conn.close('line-timeout'), options.lineTimeoutMs);
      }
    };

    socket.on('data', (chunk: Buffer) => {
      if (closing || inputEnded) return;
      let lines: string[];
      try {
        lines = decoder.push(chunk);
      } catch (error) {
        if (error instanceof LineError) return conn.close('line-too-long');
        throw error;
      }
      armLineTimer(lines.length > 0);
      if (lines.length === 0) return;
      queue.push(...lines);
      // Read no more until these lines are handled: the queue stays one chunk long at most.
      socket.pause();
      void pump();
    });
    socket.on('end', () => {
      if (closing) return;
      const last = decoder.end();
      if (last !== undefined) queue.push(last);
      inputEnded = true;
      clearTimeout(lineTimer);
      if (queue.length > 0) void pump();
      else finish();
    });
    if (options.idleTimeoutMs !== undefined) {
      socket.setTimeout(options.idleTimeoutMs, () => conn.close('idle-timeout'));
    }
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(lineTimer);
      clearTimeout(closeTimer);
      live.delete(stopReading);
      queue.length = 0;
      options.onClose?.(conn);
    });
    options.onConnect?.(conn);
    if (shuttingDown) stopReading();
  }) as LineServer;

  server.shutdown = (graceMs = 5_000): Promise<void> =>
    new Promise<void>((resolve) => {
      shuttingDown = true;
      const timer = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, graceMs);
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      for (const stop of [...live]) stop();
    });

  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return server;
}
