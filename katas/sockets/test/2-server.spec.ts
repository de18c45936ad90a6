import { connect as netConnect, type Socket } from 'node:net';
import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { connect } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { createLineServer, type LineHandler, type LineServerOptions } from '../src/index.ts';
import {
  eventually,
  later,
  open,
  readLine,
  readLines,
  serve,
  sleep,
  useSockets,
} from './helpers.ts';

useSockets();

const upper: LineHandler = (line, conn) => {
  conn.send(line.toUpperCase());
};
const start = (handler: LineHandler = upper, options: LineServerOptions = {}) =>
  serve(() => createLineServer(handler, options));

/** A promise and its resolve function. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/** A raw client that never reads (paused from the start); destroyed after the test. */
function nonReader(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ port, host: '127.0.0.1' });
    socket.pause();
    socket.on('error', () => {});
    later(() => {
      socket.destroy();
    });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('2. A line server', () => {
  describe('lines in, lines out', () => {
    it('calls the handler once per line and sends its reply as a CRLF line', async () => {
      const server = await start();
      const socket = await open(server);
      await socket.write('hello\r\n');
      expect(await readLine(socket), hint(2, 'conn.send(line) writes line + CRLF')).toBe('HELLO');
    });

    it('answers every line of one coalesced write, in order', async () => {
      const server = await start();
      const socket = await open(server);
      await socket.write('a\r\nb\r\nc\r\n');
      expect(await readLines(socket, 3), hint(2, 'one data event can hold many lines')).toEqual([
        'A',
        'B',
        'C',
      ]);
    });

    it('answers a line that arrives in pieces once it is complete', async () => {
      const server = await start();
      const socket = await open(server);
      await socket.write('hel');
      await sleep(30);
      await socket.write('lo\r');
      await sleep(30);
      await socket.write('\n');
      expect(await readLine(socket), hint(2, 'one line can take many data events')).toBe('HELLO');
    });

    it('handles the lines of one connection one at a time, even with an async handler', async () => {
      let running = 0;
      let most = 0;
      const server = await start(async (line, conn) => {
        running++;
        most = Math.max(most, running);
        await sleep(line === 'slow' ? 60 : 5);
        conn.send(`done ${line}`);
        running--;
      });
      const socket = await open(server);
      await socket.write('slow\r\nfast\r\nslow\r\n');
      expect(await readLines(socket, 3), hint(2, 'await the handler before the next line')).toEqual(
        ['done slow', 'done fast', 'done slow'],
      );
      expect(most).toBe(1);
    });

    it('serves several connections at once', async () => {
      const server = await start();
      const a = await open(server);
      const b = await open(server);
      await b.write('from b\r\n');
      await a.write('from a\r\n');
      expect([await readLine(a), await readLine(b)]).toEqual(['FROM A', 'FROM B']);
    });

    it('numbers connections 1, 2, 3… in conn.id and calls onConnect and onClose', async () => {
      const ids: number[] = [];
      const closed: number[] = [];
      const server = await start((_line, conn) => void conn.send(String(conn.id)), {
        onConnect: (conn) => ids.push(conn.id),
        onClose: (conn) => closed.push(conn.id),
      });
      const a = await open(server);
      const b = await open(server);
      await a.write('x\r\n');
      await b.write('x\r\n');
      expect([await readLine(a), await readLine(b)]).toEqual(['1', '2']);
      a.close();
      expect(
        await eventually(() => closed.includes(1)),
        hint(2, 'onClose after the socket closes'),
      ).toBe(true);
      expect(ids).toEqual([1, 2]);
    });

    it('gives the handler the socket underneath', async () => {
      const server = await start((_line, conn) => void conn.send(String(conn.socket.remotePort)));
      const socket = await open(server);
      await socket.write('who\r\n');
      expect(Number(await readLine(socket))).toBe(socket.socket.localPort);
    });

    it('sends ERR <reason> and closes on conn.close(reason)', async () => {
      const server = await start((_line, conn) => conn.close('bye-now'));
      const socket = await open(server);
      await socket.write('x\r\n');
      expect(await readLine(socket)).toBe('ERR bye-now');
      expect(await socket.closesWithin(2_000), hint(2, 'close ends the connection')).toBe(true);
    });

    it('answers a throwing handler with ERR internal and closes', async () => {
      const server = await start(() => {
        throw new Error('boom');
      });
      const socket = await open(server);
      await socket.write('x\r\n');
      expect(await readLine(socket), hint(2, 'catch handler errors per connection')).toBe(
        'ERR internal',
      );
      expect(await socket.closesWithin(2_000)).toBe(true);
    });
  });

  describe('maximum line length', () => {
    it('answers a line over maxLineLength with ERR line-too-long and closes', async () => {
      const server = await start(upper, { maxLineLength: 16 });
      const socket = await open(server);
      await socket.write(`${'x'.repeat(17)}\r\n`);
      expect(
        await readLine(socket),
        hint(2, 'the decoder throws; the server answers and closes'),
      ).toBe('ERR line-too-long');
      expect(await socket.closesWithin(2_000)).toBe(true);
    });

    it('disconnects a client sending 1 MiB without a newline, with an error line, not buffering it', async () => {
      const server = await start(upper);
      const socket = await open(server);
      void socket.write(Buffer.alloc(1024 * 1024, 0x61));
      expect(await readLine(socket, 5_000)).toBe('ERR line-too-long');
      expect(await socket.closesWithin(3_000), hint(2, 'close after the error line')).toBe(true);
    });
  });

  describe('half-close (allowHalfOpen)', () => {
    it('answers lines sent before the client ended its side, then ends its own', async () => {
      const server = await start(async (line, conn) => {
        await sleep(40);
        conn.send(line.toUpperCase());
      });
      const socket = await open(server);
      socket.socket.end('a\r\nb\r\n');
      expect(
        await readLines(socket, 2),
        hint(2, 'createServer({ allowHalfOpen: true }): FIN ends input, not output'),
      ).toEqual(['A', 'B']);
      expect(await socket.closesWithin(2_000), hint(2, 'end our side once the input is done')).toBe(
        true,
      );
    });

    it('handles an unterminated last line when the client ends', async () => {
      const server = await start();
      const socket = await open(server);
      socket.socket.end('tail');
      expect(await readLine(socket), hint(2, 'decoder.end() on the end event')).toBe('TAIL');
    });
  });

  describe('idle timeout', () => {
    it('sends ERR idle-timeout and closes a silent connection after idleTimeoutMs', async () => {
      const server = await start(upper, { idleTimeoutMs: 150 });
      const socket = await open(server);
      expect(await readLine(socket, 2_000), hint(2, 'socket.setTimeout')).toBe('ERR idle-timeout');
      expect(await socket.closesWithin(2_000)).toBe(true);
    });

    it('keeps a connection that sends a line more often than idleTimeoutMs', async () => {
      const server = await start(upper, { idleTimeoutMs: 400 });
      const socket = await open(server);
      for (let i = 0; i < 6; i++) {
        await socket.write(`${i}\r\n`);
        expect(await readLine(socket)).toBe(String(i));
        await sleep(100);
      }
      expect(socket.ended, hint(2, 'activity resets the idle timer')).toBe(false);
    });
  });

  describe('backpressure', () => {
    const REPLY = 'r'.repeat(64 * 1024);
    // 2000 x 64 KiB = 128 MiB of replies: far more than loopback's kernel buffers hold (with
    // tcp_rmem up to 32 MiB, a connection can park some 40 MiB there before the sender stops).
    const LINES = 2_000;

    it('stops handling lines while a client does not read its replies, and the buffer stays bounded', async () => {
      let handled = 0;
      const server = await start((_line, conn) => {
        handled++;
        conn.send(REPLY);
      });
      const client = await nonReader(server.port);
      client.write(Buffer.from('go\r\n'.repeat(LINES)));
      let most = 0;
      const deadline = Date.now() + 800;
      while (Date.now() < deadline) {
        for (const s of server.connections) most = Math.max(most, s.writableLength);
        await sleep(5);
      }
      expect(
        most,
        hint(
          2,
          'pause reading while socket.writableLength is over the high-water mark; resume on drain',
        ),
      ).toBeLessThanOrEqual(1024 * 1024);
      expect(
        handled,
        hint(2, 'a client that does not read must stall its own handler'),
      ).toBeLessThan(LINES);
    });

    it('sends every reply once the client reads again', async () => {
      const server = await start((_line, conn) => void conn.send(REPLY));
      const client = await nonReader(server.port);
      client.write(Buffer.from('go\r\n'.repeat(50)));
      await sleep(200);
      let received = 0;
      client.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      client.resume();
      const total = 50 * (REPLY.length + 2);
      expect(
        await eventually(() => received >= total, 5_000),
        hint(2, 'resume on drain, keep going'),
      ).toBe(true);
      expect(received).toBe(total);
    });

    it('tells the handler that the peer is not keeping up: conn.send returns false', async () => {
      const results: boolean[] = [];
      const server = await start((_line, conn) => void results.push(conn.send(REPLY)));
      const client = await nonReader(server.port);
      client.write(Buffer.from('go\r\n'.repeat(LINES)));
      expect(
        await eventually(() => results.includes(false), 2_000),
        hint(2, 'return what socket.write returned'),
      ).toBe(true);
      expect(results[0]).toBe(true);
    });
  });

  describe('graceful shutdown', () => {
    it('finishes the line in flight, sends its reply, then closes the connection', async () => {
      const started = gate();
      const release = gate();
      const server = await start(async (line, conn) => {
        started.open();
        await release.wait;
        conn.send(`done ${line}`);
      });
      const socket = await open(server);
      await socket.write('job\r\n');
      await started.wait;
      const closing = (server.server as ReturnType<typeof createLineServer>).shutdown();
      await sleep(30);
      release.open();
      expect(await readLine(socket), hint(2, 'shutdown waits for the handler')).toBe('done job');
      expect(await socket.closesWithin(2_000), hint(2, 'then ends the connection')).toBe(true);
      await closing;
      expect(server.server.listening).toBe(false);
    });

    it('stops accepting connections', async () => {
      const server = await start();
      await (server.server as ReturnType<typeof createLineServer>).shutdown();
      await expectRejectCode(
        connect(server.port, 1_000),
        Error,
        'ECONNREFUSED',
        hint(2, 'server.close() first'),
      );
    });

    it('closes idle connections and resolves', async () => {
      const server = await start();
      const socket = await open(server);
      await (server.server as ReturnType<typeof createLineServer>).shutdown();
      expect(await socket.closesWithin(1_000)).toBe(true);
    });

    it('destroys connections still busy after graceMs', async () => {
      const server = await start(() => new Promise<void>(() => {}));
      const socket = await open(server);
      await socket.write('forever\r\n');
      await sleep(30);
      await (server.server as ReturnType<typeof createLineServer>).shutdown(150);
      expect(await socket.closesWithin(1_000), hint(2, 'a timer destroys what is left')).toBe(true);
    });
  });
});
