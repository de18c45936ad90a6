/**
 * Connections and the first two models (README §2): serveBlocking, one client at a time, and
 * serveAsync, every client on one event loop with CPU work cut into slices.
 */
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import {
  type Command,
  handleCommand,
  handleLine,
  type ProtocolError,
  parseCommand,
} from './handler.ts';
import { DEFAULT_MAX_LINE_BYTES, err, LineReader } from './protocol.ts';
import type { ServeOptions, Service } from './service.ts';

/** How one request line becomes a reply line. Never rejects. */
export type Runner = (line: string) => Promise<string>;

interface Conn {
  socket: Socket;
  busy: boolean;
}

/** The live connections of a server, and the graceful end of them all (README §5). */
export class Connections {
  private readonly live = new Set<Conn>();
  private closing = false;
  private readonly emptied: Array<() => void> = [];

  constructor(private readonly options: ServeOptions) {}

  /** Serves request lines from `socket` one at a time, in order, with `run`. */
  attach(socket: Socket, run: Runner): void {
    const maxLine = this.options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const idleMs = this.options.idleTimeoutMs ?? 30_000;
    const conn: Conn = { socket, busy: false };
    this.live.add(conn);
    const reader = new LineReader(maxLine);
    const queue: string[] = [];
    let refused = false;
    let timer: NodeJS.Timeout | undefined;
    const waitForLine = (): void => {
      clearTimeout(timer);
      // Started when the server waits for a request; bytes that do not end a line do not reset it.
      timer = setTimeout(() => refuse(err('ERR_TIMEOUT')), idleMs);
    };
    const refuse = (reply: string): void => {
      refused = true;
      clearTimeout(timer);
      queue.length = 0;
      finish(socket, `${reply}\n`);
    };
    const pump = async (): Promise<void> => {
      if (conn.busy) return;
      conn.busy = true;
      while (queue.length > 0 && !refused && !this.closing && !socket.destroyed) {
        const reply = await run(queue.shift() as string);
        // Not after a refusal ended the socket: a write after end() destroys it, and with it the
        // replies still queued behind a client that reads slowly, the refusal included.
        if (socket.writable) socket.write(`${reply}\n`);
      }
      conn.busy = false;
      if (this.closing) finish(socket);
      else if (socket.writable) waitForLine();
    };
    socket.on('data', (chunk: Buffer) => {
      if (refused || this.closing) return;
      let lines: string[];
      try {
        lines = reader.push(chunk);
      } catch {
        // LineTooLongError, the one error push() throws.
        return refuse(err('ERR_LINE_TOO_LONG'));
      }
      if (lines.length === 0) return;
      clearTimeout(timer);
      queue.push(...lines);
      void pump();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      this.live.delete(conn);
      if (this.live.size === 0) for (const done of this.emptied.splice(0)) done();
    });
    waitForLine();
  }

  /** Stops reading requests; idle connections close now, busy ones after their reply. */
  drain(): Promise<void> {
    this.closing = true;
    for (const conn of this.live) if (!conn.busy) finish(conn.socket);
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.emptied.push(resolve));
  }
}

/**
 * Ends a socket (after `last`), and destroys it once everything written has left. On a socket
 * already destroyed it does nothing: its 'finish' never comes and end() writes nothing.
 */
export function finish(socket: Socket, last?: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(last ?? '');
}

/** `server.listen` as a promise of the port. */
export function listenOn(server: Server, options: ServeOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      // A TCP server listening on a host and port: its address is never a pipe name or null.
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** `server.close` as a promise (it resolves once the listening socket is closed). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Parse, then hand the command to `exec`; a refusal is `ERR <code>` without reaching `exec`. */
export function runner(options: ServeOptions, exec: (c: Command) => Promise<string>): Runner {
  return async (line) => {
    let command: Command;
    try {
      command = parseCommand(line, options);
    } catch (error) {
      // parseCommand throws ProtocolError only; exec never rejects.
      return err((error as ProtocolError).code);
    }
    return exec(command);
  };
}

const NO_WORKERS = () => ({ workers: 0, restarts: 0, pids: [] });

/**
 * One client at a time (README §2): the next connection waits, unread, until the current one
 * closes, and HASH runs to its end without yielding. The anti-pattern, kept to be measured.
 */
export async function serveBlocking(options: ServeOptions): Promise<Service> {
  const connections = new Connections(options);
  const waiting: Socket[] = [];
  let current: Socket | undefined;
  const run: Runner = (line) =>
    handleLine(line, { ...options, sliceRounds: Number.POSITIVE_INFINITY });
  // A waiting socket is paused: it reads nothing, so it cannot see its client leave or fail, and
  // close() destroys the waiting ones before it drains. The head of the queue is always live.
  const next = (): void => {
    const socket = waiting.shift();
    current = socket;
    if (socket === undefined) return;
    socket.once('close', next);
    connections.attach(socket, run);
    socket.resume();
  };
  const server = createServer({ pauseOnConnect: true }, (socket) => {
    socket.on('error', () => {});
    waiting.push(socket);
    if (current === undefined) next();
  });
  const port = await listenOn(server, options);
  return {
    model: 'blocking',
    port,
    stats: NO_WORKERS,
    async close() {
      const closed = closeServer(server);
      for (const socket of waiting.splice(0)) socket.destroy();
      await connections.drain();
      await closed;
    },
  };
}

/**
 * Every client on one event loop (README §2): I/O waits cost nothing, and HASH yields to the loop
 * every `sliceRounds` rounds (default 2 000), so one big HASH does not stall everyone else.
 */
export async function serveAsync(options: ServeOptions): Promise<Service> {
  const connections = new Connections(options);
  const handler = { ...options, sliceRounds: options.sliceRounds ?? 2_000 };
  const run = runner(options, (command) => handleCommand(command, handler));
  const server = createServer((socket) => connections.attach(socket, run));
  const port = await listenOn(server, options);
  return {
    model: 'async',
    port,
    stats: NO_WORKERS,
    async close() {
      const closed = closeServer(server);
      await connections.drain();
      await closed;
    },
  };
}
