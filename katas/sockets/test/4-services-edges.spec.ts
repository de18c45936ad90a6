import { connect as netConnect, type Socket } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { connect, type TestSocket } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { createChatServer, createEchoServer, createTimeServer } from '../src/index.ts';
import { open, readLine, readLines, serve, uncaughtDuring, useSockets } from './helpers.ts';

useSockets();

/** Connects, resets the connection (RST) once `ready` resolves, and resolves once it is closed. */
function resetAfter(port: number, ready: (socket: Socket) => Promise<void>) {
  return new Promise<void>((resolve, reject) => {
    const socket = netConnect({ port, host: '127.0.0.1' });
    socket.on('error', () => {});
    socket.once('close', () => resolve());
    socket.once('connect', () => {
      ready(socket).then(() => socket.resetAndDestroy(), reject);
    });
  });
}

describe('4. Services', () => {
  describe('a client that resets the connection', () => {
    it('does not take the echo server down', async () => {
      const server = await serve(createEchoServer);
      const uncaught = await uncaughtDuring(async () => {
        await resetAfter(
          server.port,
          (socket) =>
            new Promise((resolve) => {
              socket.once('data', () => resolve());
              socket.write('ping');
            }),
        );
        const socket = await open(server);
        await socket.write('again');
        expect(
          (await socket.waitFor('5 bytes', (b) => (b.length >= 5 ? b : undefined))).toString(),
        ).toBe('again');
      });
      expect(
        uncaught,
        hint(4, 'a socket without an error listener throws ECONNRESET at the whole process'),
      ).toEqual([]);
    });

    it('does not take the time server down', async () => {
      const server = await serve(() => createTimeServer({ now: () => new Date(0) }));
      const uncaught = await uncaughtDuring(async () => {
        await resetAfter(
          server.port,
          (socket) =>
            new Promise((resolve) => {
              socket.once('data', () => resolve());
            }),
        );
        const socket = await open(server);
        expect(await readLine(socket)).toBe('1970-01-01T00:00:00Z');
      });
      expect(
        uncaught,
        hint(4, 'a socket without an error listener throws ECONNRESET at the whole process'),
      ).toEqual([]);
    });
  });

  describe('chat: PRIV syntax', () => {
    const chat = () => serve(() => createChatServer());
    async function member(port: number, nick: string): Promise<TestSocket> {
      const socket = await connect(port);
      await socket.write(`NICK ${nick}\r\n`);
      expect(await readLine(socket)).toBe(`OK ${nick}`);
      return socket;
    }

    it('answers ERR syntax to PRIV with an empty nick (two spaces)', async () => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      await alice.write('PRIV  hello\r\n');
      expect(await readLine(alice), hint(4, 'PRIV <nick> <text>: the nick is not empty')).toBe(
        'ERR syntax',
      );
    });

    it('answers ERR syntax to PRIV with a nick and an empty text', async () => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      const bob = await member(server.port, 'bob');
      expect(await readLine(alice)).toBe('JOIN bob');
      await alice.write('PRIV bob \r\nNAMES\r\n');
      expect(
        await readLines(alice, 2),
        hint(4, 'PRIV <nick> <text>: a space and no text is no text'),
      ).toEqual(['ERR syntax', 'NAMES alice bob']);
      await alice.write('PRIV bob hi\r\n');
      expect(await readLine(bob)).toBe('PRIV alice hi');
    });
  });

  describe('chat: line server options', () => {
    it('closes a silent connection after idleTimeoutMs', async () => {
      const server = await serve(() => createChatServer({ idleTimeoutMs: 100 }));
      const socket = await open(server);
      expect(await readLine(socket), hint(4, 'pass idleTimeoutMs on to createLineServer')).toBe(
        'ERR idle-timeout',
      );
    });

    it('refuses a line over maxLineLength', async () => {
      const server = await serve(() => createChatServer({ maxLineLength: 16 }));
      const socket = await open(server);
      await socket.write(`MSG ${'x'.repeat(40)}\r\n`);
      expect(await readLine(socket), hint(4, 'pass maxLineLength on to createLineServer')).toBe(
        'ERR line-too-long',
      );
    });
  });
});
