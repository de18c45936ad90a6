/**
 * `serve(app, options)`: a TCP server (node:net) that speaks HTTP/1.x to clients and the gateway
 * interface to one application.
 */
import { createServer, type Server } from 'node:net';
import { handleConnection } from './connection.ts';
import type { App, ErrorStream, ServeOptions } from './types.ts';

export function serve(app: App, options: ServeOptions = {}): Server {
  const errors: ErrorStream = {
    write: (text: string) => {
      process.stderr.write(text);
    },
    flush: () => {},
  };
  const onError =
    options.onError ??
    ((error: unknown) => {
      errors.write(
        `gateway: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    });
  return createServer({ allowHalfOpen: true }, (socket) =>
    handleConnection(socket, { app, options, onError, errors }),
  );
}
