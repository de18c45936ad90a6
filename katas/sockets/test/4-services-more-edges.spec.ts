import { connect as netConnect, type Socket } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { chat, later, member, readLine, useSockets } from './helpers.ts';

useSockets();

/**
 * A raw member that reads its OK, then stops reading; `resume()` reads again, `lines` holds
 * every whole line received (after the OK), `closed()` says whether the server dropped it.
 * Destroyed after the test.
 */
function pausedMember(port: number, nick: string) {
  const socket: Socket = netConnect({ port, host: '127.0.0.1' });
  socket.on('error', () => {});
  later(() => {
    socket.destroy();
  });
  const lines: string[] = [];
  let carry = '';
  let closed = false;
  socket.on('close', () => {
    closed = true;
  });
  const joined = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      const parts = (carry + chunk.toString('latin1')).split('\r\n');
      carry = parts.pop() ?? '';
      for (const line of parts) {
        if (line === `OK ${nick}`) {
          socket.pause();
          resolve();
        } else lines.push(line.slice(0, 16));
      }
    });
  });
  socket.write(`NICK ${nick}\r\n`);
  return { joined, lines, resume: () => socket.resume(), closed: () => closed };
}

describe('4. Services', () => {
  describe('the chat: maxBufferedBytes is the limit given', () => {
    it('keeps a member who does not read while its backlog stays under maxBufferedBytes', async () => {
      const server = await chat({ maxBufferedBytes: 64 * 1024 * 1024 });
      const slow = pausedMember(server.port, 'slow');
      await slow.joined;
      const bob = await member(server.port, 'bob');
      const n = 4000; // 16 MB for the slow member: far more than the kernel holds, under 64 MiB
      const line = `MSG ${'x'.repeat(4000)}\r\n`;
      await bob.write(Buffer.from(line.repeat(n)));
      await bob.write('NAMES\r\n');
      expect(
        await readLine(bob, 20_000),
        hint(
          4,
          'maxBufferedBytes from the options: a 16 MB backlog is under 64 MiB, keep the member',
        ),
      ).toBe('NAMES bob slow');
      slow.resume();
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (slow.lines.length >= n + 1 || slow.closed()) {
            clearInterval(poll);
            resolve();
          }
        }, 20);
        later(() => clearInterval(poll));
      });
      expect(
        slow.lines.filter((l) => l.startsWith('MSG bob ')).length,
        hint(4, 'and it gets every message once it reads'),
      ).toBe(n);
    });
  });

  describe('the chat: control characters', () => {
    it('answers ERR syntax to a line of a leading space and a control character', async () => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      await alice.write(' \u001b[2J\r\nNAMES\r\n');
      expect(
        [await readLine(alice), await readLine(alice)],
        hint(4, 'the text after the first space is checked for controls whatever the verb'),
      ).toEqual(['ERR syntax', 'NAMES alice']);
    });
  });
});
