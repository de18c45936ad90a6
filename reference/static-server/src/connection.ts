/**
 * One TCP connection: bytes in, requests parsed (kata 2's RequestParser), replies written in
 * request order (RFC 9112 §9.3.2: "A server MUST send its responses to those [pipelined]
 * requests in the same order that the requests were received").
 *
 * Persistence (RFC 9112 §9.3): HTTP/1.1 stays open unless either side says `Connection: close`;
 * HTTP/1.0 closes unless the request says `Connection: keep-alive`. After a message that cannot
 * be parsed the byte stream cannot be trusted: answer, then close.
 *
 * Two timers: the header timer runs from the first byte of a request head (and from accept) until
 * the head is complete — a client that trickles a head forever (Slowloris) is cut off; the idle
 * timer closes a keep-alive connection nobody uses.
 */
import type { Socket } from 'node:net';
import { formatHttpDate } from './http-date.ts';
import type { Settings } from './options.ts';
import { HttpParseError, type RequestHead, RequestParser } from './prereqs.ts';
import { type Reply, reasonPhrase, respond, textReply } from './respond.ts';

/** A request whose head is parsed; `complete` once its body (if any) has been read. */
type Item = { head: RequestHead; complete: boolean } | { error: number };

/** Stop reading while this many parsed requests wait: pipelining must not buffer without bound. */
const MAX_QUEUED = 32;
/** Files up to this size are read into memory and sent with the head in one write. */
const SMALL_FILE = 64 * 1024;
/** Chunk size for streaming a file. */
const CHUNK = 64 * 1024;

export function handleConnection(socket: Socket, settings: Settings): void {
  const parser = new RequestParser({ limits: { maxHeaderBytes: settings.maxHeaderBytes } });
  const queue: Item[] = [];
  let busy = false;
  let closed = false;
  let failed = false;
  /** Bytes of a request head have arrived and the head is not complete yet. */
  let inHead = false;
  let headerTimer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;

  socket.setNoDelay(true);

  const armHeaderTimer = (): void => {
    headerTimer ??= setTimeout(onHeaderTimeout, settings.headerTimeoutMs);
  };
  const clearTimers = (): void => {
    clearTimeout(headerTimer);
    clearTimeout(idleTimer);
    headerTimer = undefined;
    idleTimer = undefined;
  };
  const onHeaderTimeout = (): void => {
    headerTimer = undefined;
    if (busy || !inHead) {
      socket.destroy();
      return;
    }
    // §15.5.9 408: the server "would like to shut down this unused connection".
    failed = true;
    void writeReply(textReply(408), false, undefined);
  };

  socket.on('data', (chunk: Buffer) => {
    if (failed) return;
    clearTimeout(idleTimer);
    idleTimer = undefined;
    if (!inHead) {
      inHead = true;
      armHeaderTimer();
    }
    try {
      for (const event of parser.push(chunk)) {
        if (event.type === 'head') {
          queue.push({ head: event.head, complete: false });
          inHead = false;
          clearTimeout(headerTimer);
          headerTimer = undefined;
        } else if (event.type === 'end') {
          const last = queue.at(-1);
          if (last !== undefined && 'head' in last) last.complete = true;
        }
      }
    } catch (error) {
      // Unparsable bytes: queue the error after the requests before it, stop reading.
      failed = true;
      clearTimers();
      queue.push({ error: error instanceof HttpParseError ? Number(error.status) : 400 });
    }
    if (queue.length >= MAX_QUEUED) socket.pause();
    void pump();
  });
  socket.on('end', () => {
    // The client half-closed (the server allows half-open sockets): answer what is queued,
    // then close our side too. A request cut off in its body will never complete: 400.
    const last = queue.at(-1);
    if (last !== undefined && 'head' in last && !last.complete)
      queue[queue.length - 1] = { error: 400 };
    queue.push({ error: 0 });
    clearTimers();
    inHead = false;
    void pump();
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    closed = true;
    clearTimers();
  });
  armHeaderTimer();
  inHead = true;

  async function pump(): Promise<void> {
    if (busy || closed) return;
    busy = true;
    try {
      for (;;) {
        const item = queue[0];
        if (item === undefined || ('head' in item && !item.complete)) break;
        queue.shift();
        if (queue.length < MAX_QUEUED) socket.resume();
        if ('error' in item) {
          if (item.error === 0) socket.end();
          else await writeReply(textReply(item.error), false, undefined);
          return;
        }
        const keepAlive = wantsKeepAlive(item.head);
        let reply: Reply;
        try {
          reply = await respond(item.head, settings);
        } catch {
          reply = textReply(500);
        }
        // Not persistent: stop reading; what follows on this connection is never answered.
        if (!keepAlive) failed = true;
        await writeReply(reply, keepAlive, item.head);
        if (!keepAlive || closed) return;
      }
    } finally {
      busy = false;
    }
    if (queue.length === 0 && !inHead && !closed && !failed) {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => socket.end(), settings.keepAliveTimeoutMs);
    }
  }

  /** Writes head and body with backpressure; closes the file; ends the socket unless keepAlive. */
  async function writeReply(
    reply: Reply,
    keepAlive: boolean,
    head: RequestHead | undefined,
  ): Promise<void> {
    const lines = [
      `HTTP/1.1 ${reply.status} ${reasonPhrase(reply.status)}`,
      `Date: ${formatHttpDate(Date.now())}`,
    ];
    for (const [name, value] of reply.headers) lines.push(`${name}: ${value}`);
    if (reply.length !== undefined) lines.push(`Content-Length: ${reply.length}`);
    if (!keepAlive) lines.push('Connection: close');
    else if (head?.version === 'HTTP/1.0') lines.push('Connection: keep-alive');
    const headBytes = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    const withBody = head?.method !== 'HEAD';
    try {
      if (!withBody || reply.body.length === 0) {
        socket.write(headBytes);
      } else if ((reply.length ?? 0) <= SMALL_FILE) {
        const parts: Buffer[] = [headBytes];
        for (const part of reply.body) {
          parts.push(Buffer.isBuffer(part) ? part : await readSlice(reply, part.start, part.end));
        }
        // Backpressure here too: a client that pipelines requests and never reads the answers
        // must not make us buffer every answer.
        if (!socket.write(Buffer.concat(parts))) await drained(socket);
      } else {
        socket.write(headBytes);
        for (const part of reply.body) {
          if (Buffer.isBuffer(part)) {
            if (!socket.write(part)) await drained(socket);
          } else {
            await streamSlice(reply, part.start, part.end);
          }
        }
      }
    } catch {
      // The client went away or the file shrank under us: the framing is broken, drop the line.
      socket.destroy();
    } finally {
      await reply.file?.close();
    }
    if (!keepAlive) socket.end();
  }

  async function readSlice(reply: Reply, start: number, end: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(end - start + 1);
    let at = 0;
    while (at < buf.length) {
      const { bytesRead } = await reply.file!.read(buf, at, buf.length - at, start + at);
      if (bytesRead === 0) throw new Error('file shrank');
      at += bytesRead;
    }
    return buf;
  }

  /** Reads and writes CHUNK bytes at a time, waiting for 'drain': memory stays bounded. */
  async function streamSlice(reply: Reply, start: number, end: number): Promise<void> {
    for (let at = start; at <= end; ) {
      const chunk = await readSlice(reply, at, Math.min(end, at + CHUNK - 1));
      at += chunk.length;
      if (!socket.write(chunk)) await drained(socket);
    }
  }
}

/** RFC 9112 §9.3 persistence, from the request's version and Connection options. */
export function wantsKeepAlive(head: RequestHead): boolean {
  const options = (head.headers.get('connection') ?? '')
    .toLowerCase()
    .split(',')
    .map((o: string) => o.trim());
  if (options.includes('close')) return false;
  return head.version === 'HTTP/1.1' || options.includes('keep-alive');
}

function drained(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    // Already gone: 'close' will not fire again, and waiting for it would leak the file.
    if (socket.destroyed) return reject(new Error('closed'));
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', fail);
      resolve();
    };
    const fail = (): void => {
      socket.off('drain', done);
      socket.off('close', fail);
      reject(new Error('closed'));
    };
    socket.on('drain', done);
    socket.on('close', fail);
  });
}
