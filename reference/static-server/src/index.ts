/**
 * static-server — reference solution. A static file server on `node:net`, reading requests with
 * the http-message kata's parser.
 */
import { realpathSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { handleConnection } from './connection.ts';
import type { Settings, StaticServerOptions } from './options.ts';

export { parseHttpDate } from './http-date.ts';
export { contentType } from './mime.ts';
export type { DotfilesPolicy, StaticServerOptions } from './options.ts';
export { type ByteRange, parseRange, type RangeResult } from './range.ts';

export function createStaticServer(options: StaticServerOptions): Server {
  // The real path: symlink checks compare real paths, so the root must be one too.
  let root: string;
  try {
    root = realpathSync(resolve(options.root));
  } catch {
    throw new TypeError(`root does not exist: ${options.root}`);
  }
  if (!statSync(root).isDirectory()) {
    throw new TypeError(`root is not a directory: ${options.root}`);
  }
  const settings: Settings = {
    root,
    index: options.index ?? ['index.html'],
    dotfiles: options.dotfiles ?? 'ignore',
    listing: options.listing ?? false,
    headerTimeoutMs: options.headerTimeoutMs ?? 10_000,
    bodyTimeoutMs: options.bodyTimeoutMs ?? 10_000,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 5_000,
    sendTimeoutMs: options.sendTimeoutMs ?? 30_000,
    maxHeaderBytes: options.maxHeaderBytes ?? 16 * 1024,
  };
  // allowHalfOpen: a client may send its requests and shut down its side (`nc -N`); the answers
  // still go out, then `connection.ts` ends our side.
  return createServer({ allowHalfOpen: true }, (socket) => handleConnection(socket, settings));
}
