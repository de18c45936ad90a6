/** A line-protocol client: the same framing as the server, reads with a deadline. */
import { connect } from 'node:net';
import { LineError } from './errors.ts';
import { encodeLine, LineDecoder } from './lines.ts';
import type { LineClient, LineClientOptions } from './types.ts';

const DEFAULT_TIMEOUT_MS = 5_000;

export function connectLines(
  port: number,
  host = '127.0.0.1',
  options: LineClientOptions = {},
): Promise<LineClient> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, allowHalfOpen: true });
    const decoder = new LineDecoder(
      options.maxLineLength === undefined ? {} : { maxLineLength: options.maxLineLength },
    );
    const lines: string[] = [];
    let failure: LineError | undefined;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };

    socket.on('data', (chunk: Buffer) => {
      try {
        lines.push(...decoder.push(chunk));
      } catch (error) {
        failure = error as LineError;
        socket.destroy();
      }
      notify();
    });
    const ended = (): void => {
      const last = decoder.end();
      if (last !== undefined) lines.push(last);
      failure ??= new LineError('ERR_CONNECTION_CLOSED', 'the server closed the connection');
      notify();
    };
    socket.on('end', ended);
    socket.on('close', ended);

    const client: LineClient = {
      socket,
      send: (line) => (socket.writable ? socket.write(encodeLine(line)) : false),
      async readLine(ms = timeoutMs) {
        const deadline = Date.now() + ms;
        for (;;) {
          const line = lines.shift();
          if (line !== undefined) return line;
          if (failure !== undefined) throw failure;
          const left = deadline - Date.now();
          if (left <= 0) throw new LineError('ERR_READ_TIMEOUT', `no line within ${ms} ms`);
          await new Promise<void>((done) => {
            const timer = setTimeout(done, left);
            wake = () => {
              clearTimeout(timer);
              done();
            };
          });
        }
      },
      request(line, ms) {
        client.send(line);
        return client.readLine(ms);
      },
      end: () => {
        socket.end();
      },
      close: () => {
        socket.destroy();
      },
    };
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve(client);
    });
    socket.once('error', reject);
  });
}
