/**
 * The glue (README §4 – §6): a server on `node:net` that reads requests with kata 7's parser,
 * runs the scripts under the prefix and hands every other request to kata 9's static server.
 */
import { realpathSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { dispatch, type Exchange, writeSimple } from './dispatch.ts';
import type { CgiServerOptions, Settings } from './options.ts';
import { HttpParseError, type RequestHead, RequestParser } from './prereqs.ts';
import { StaticProxy } from './static-proxy.ts';

export function createCgiServer(options: CgiServerOptions): Server {
  let cgiBin: string;
  try {
    cgiBin = realpathSync(resolve(options.cgiBin));
  } catch {
    throw new TypeError(`cgiBin does not exist: ${options.cgiBin}`);
  }
  if (!statSync(cgiBin).isDirectory())
    throw new TypeError(`cgiBin is not a directory: ${options.cgiBin}`);
  const {
    cgiBin: _,
    prefix,
    static: staticOptions,
    maxConcurrent,
    maxBodyBytes,
    maxRedirects,
    ...cgi
  } = options;
  const settings: Settings = {
    cgiBin,
    prefix: (prefix ?? '/cgi-bin').replace(/\/+$/, ''),
    maxConcurrent: maxConcurrent ?? 16,
    maxBodyBytes: maxBodyBytes ?? 1024 * 1024,
    maxRedirects: maxRedirects ?? 10,
    cgi,
    running: 0,
  };
  const proxy = staticOptions === undefined ? undefined : new StaticProxy(staticOptions);
  const server = createServer({ allowHalfOpen: true }, (socket) =>
    handleConnection(socket, settings, proxy),
  );
  server.on('close', () => proxy?.close());
  return server;
}

interface Item {
  head?: RequestHead;
  chunks: Buffer[];
  hasBody: boolean;
  complete: boolean;
  error?: number;
}

function handleConnection(
  socket: Socket,
  settings: Settings,
  proxy: StaticProxy | undefined,
): void {
  const parser = new RequestParser({ limits: { maxBodyBytes: settings.maxBodyBytes } });
  const queue: Item[] = [];
  let busy = false;
  let failed = false;
  let ended = false;
  const abort = new AbortController();
  socket.setNoDelay(true);

  socket.on('data', (chunk: Buffer) => {
    if (failed) return;
    try {
      for (const event of parser.push(chunk)) {
        if (event.type === 'head') {
          const te = event.head.headers.get('transfer-encoding');
          const cl = event.head.headers.get('content-length');
          queue.push({
            head: event.head,
            chunks: [],
            hasBody: te !== undefined || cl !== undefined,
            complete: false,
          });
        } else if (event.type === 'data') {
          queue.at(-1)?.chunks.push(Buffer.from(event.data));
        } else {
          const last = queue.at(-1);
          if (last !== undefined) last.complete = true;
        }
      }
    } catch (error) {
      failed = true;
      queue.push({
        chunks: [],
        hasBody: false,
        complete: true,
        error: error instanceof HttpParseError ? Number(error.status) : 400,
      });
    }
    void pump();
  });
  // A client that closes its side (or the whole connection) is gone: a script still running
  // for it is killed (README §6). Requests already complete are still answered.
  socket.on('end', () => {
    ended = true;
    const last = queue.at(-1);
    if (last !== undefined && !last.complete) queue.pop();
    if (busy) abort.abort();
    else socket.end();
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => abort.abort());

  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      for (;;) {
        const item = queue[0];
        if (item === undefined || !item.complete || socket.destroyed) break;
        queue.shift();
        if (item.error !== undefined || item.head === undefined) {
          await writeSimple(socket, item.error ?? 400, 'HTTP/1.1', false);
          socket.end();
          return;
        }
        const exchange: Exchange = {
          head: item.head,
          body: item.hasBody ? Buffer.concat(item.chunks) : undefined,
          socket,
          keepAlive: wantsKeepAlive(item.head) && !ended,
          signal: abort.signal,
        };
        const keep = await dispatch(exchange, settings, proxy);
        if (!keep || ended || socket.destroyed) {
          if (!socket.destroyed) socket.end();
          failed = true;
          return;
        }
      }
    } finally {
      busy = false;
    }
    if (ended && !socket.destroyed) socket.end();
  }
}

/** RFC 9112 §9.3 persistence, from the request's version and Connection options. */
function wantsKeepAlive(head: RequestHead): boolean {
  const options = (head.headers.get('connection') ?? '')
    .toLowerCase()
    .split(',')
    .map((o) => o.trim());
  if (options.includes('close')) return false;
  return head.version === 'HTTP/1.1' || options.includes('keep-alive');
}
