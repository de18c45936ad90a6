/**
 * Writing one Reply on a socket: the head, then the body with backpressure, the file closed
 * after. A client that stops reading must cost us neither memory (we wait for 'drain' instead of
 * buffering) nor a connection held forever (a wait for 'drain' longer than `sendTimeoutMs`
 * destroys the socket).
 */
import type { Socket } from 'node:net';
import type { RequestHead } from '../../http-message/src/index.ts';
import { formatHttpDate } from './http-date.ts';
import { type Reply, reasonPhrase } from './respond.ts';

/** Files up to this size are read into memory and sent with the head in one write. */
const SMALL_FILE = 64 * 1024;
/** Chunk size for streaming a file. */
const CHUNK = 64 * 1024;

/** Writes head and body with backpressure and closes the file; ends the socket unless keepAlive. */
export async function writeReply(
  socket: Socket,
  reply: Reply,
  keepAlive: boolean,
  head: RequestHead | undefined,
  sendTimeoutMs: number,
): Promise<void> {
  const headBytes = Buffer.from(headOf(reply, keepAlive, head), 'latin1');
  const write = async (bytes: Buffer): Promise<void> => {
    if (!socket.write(bytes)) await drained(socket, sendTimeoutMs);
  };
  try {
    if (head?.method === 'HEAD' || reply.body.length === 0) {
      await write(headBytes);
    } else if ((reply.length ?? 0) <= SMALL_FILE) {
      // One write for head and body: one packet for a small answer, and backpressure here too
      // (a client that pipelines requests and never reads must not make us buffer every answer).
      const parts: Buffer[] = [headBytes];
      for (const part of reply.body) {
        parts.push(Buffer.isBuffer(part) ? part : await readSlice(reply, part.start, part.end));
      }
      await write(Buffer.concat(parts));
    } else {
      await write(headBytes);
      for (const part of reply.body) {
        if (Buffer.isBuffer(part)) {
          await write(part);
          continue;
        }
        // CHUNK bytes at a time, waiting for 'drain': memory stays bounded.
        for (let at = part.start; at <= part.end; ) {
          const chunk = await readSlice(reply, at, Math.min(part.end, at + CHUNK - 1));
          at += chunk.length;
          await write(chunk);
        }
      }
    }
  } catch {
    // The client went away, stopped reading, or the file shrank under us: the framing is
    // broken, drop the line.
    socket.destroy();
  } finally {
    await reply.file?.close();
  }
  if (!keepAlive) endSocket(socket, sendTimeoutMs);
}

/** The status line and fields, with Date, Content-Length and the Connection option. */
function headOf(reply: Reply, keepAlive: boolean, head: RequestHead | undefined): string {
  let text = `HTTP/1.1 ${reply.status} ${reasonPhrase(reply.status)}\r\nDate: ${currentDate()}\r\n`;
  for (const [name, value] of reply.headers) text += `${name}: ${value}\r\n`;
  if (reply.length !== undefined) text += `Content-Length: ${reply.length}\r\n`;
  if (!keepAlive) text += 'Connection: close\r\n';
  else if (head?.version === 'HTTP/1.0') text += 'Connection: keep-alive\r\n';
  return `${text}\r\n`;
}

/**
 * The Date field changes once a second: format it once a second, not once a response (a
 * `toUTCString` per response was a measurable share of a small file's cost).
 */
let dateSecond = -1;
let dateText = '';
function currentDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = formatHttpDate(now);
  }
  return dateText;
}

/**
 * Ends our side. The socket allows half-open connections, so it is only released once the
 * client closes its side too; a client that never does (or never reads what is still queued)
 * is destroyed after `sendTimeoutMs`.
 */
export function endSocket(socket: Socket, sendTimeoutMs: number): void {
  if (socket.destroyed) return;
  socket.end();
  const timer = setTimeout(() => socket.destroy(), sendTimeoutMs);
  socket.once('close', () => clearTimeout(timer));
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

/** Resolves on 'drain'; rejects when the socket closes or nothing drains for `timeoutMs`. */
function drained(socket: Socket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // Already gone: 'close' will not fire again, and waiting for it would leak the file.
    if (socket.destroyed) return reject(new Error('closed'));
    const settle = (error: Error | undefined): void => {
      clearTimeout(timer);
      socket.off('drain', done);
      socket.off('close', fail);
      if (error === undefined) resolve();
      else reject(error);
    };
    const done = (): void => settle(undefined);
    const fail = (): void => settle(new Error('closed'));
    const timer = setTimeout(() => settle(new Error('the client stopped reading')), timeoutMs);
    socket.on('drain', done);
    socket.on('close', fail);
  });
}
