import { connect as netConnect, type Socket } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { createEchoServer, createTimeServer, formatDaytime } from '../src/index.ts';
import {
  chat,
  later,
  member,
  open,
  readLine,
  readLines,
  serve,
  sleep,
  useSockets,
} from './helpers.ts';

useSockets();

describe('4. Services', () => {
  describe('echo (RFC 862)', () => {
    it('sends back what it receives', async () => {
      const server = await serve(createEchoServer);
      const socket = await open(server);
      await socket.write('hello');
      expect(
        (await socket.waitFor('5 bytes', (b) => (b.length >= 5 ? b : undefined))).toString(),
        hint(4, 'socket.pipe(socket)'),
      ).toBe('hello');
    });

    it('echoes bytes, not lines: binary and no line ends', async () => {
      const server = await serve(createEchoServer);
      const socket = await open(server);
      const bytes = Buffer.from([0, 255, 13, 10, 13, 128, 7]);
      await socket.write(bytes);
      expect(await socket.waitFor('7 bytes', (b) => (b.length >= 7 ? b : undefined))).toEqual(
        bytes,
      );
    });

    it('echoes everything, then closes, after the client half-closes', async () => {
      const server = await serve(createEchoServer);
      const socket = await open(server);
      const big = Buffer.alloc(3 * 1024 * 1024, 0x5a);
      socket.socket.end(big);
      const back = await socket.readUntilClose(10_000);
      expect(back.length, hint(4, 'allowHalfOpen, and end once the input has ended')).toBe(
        big.length,
      );
    });
  });

  describe('daytime (RFC 867)', () => {
    it.each([
      ['2026-12-02T15:51:57.000Z', '2026-12-02T15:51:57Z'],
      ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00Z'],
      ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59Z'],
      ['0099-01-02T03:04:05.000Z', '0099-01-02T03:04:05Z'],
    ])('formats %s as %s', (iso, text) => {
      expect(
        formatDaytime(new Date(iso)),
        hint(4, 'RFC 3339 UTC, whole seconds, four-digit year'),
      ).toBe(text);
    });

    it('formats in UTC whatever the local time zone', () => {
      expect(formatDaytime(new Date(Date.UTC(2026, 5, 30, 23, 30, 0)))).toBe(
        '2026-06-30T23:30:00Z',
      );
    });

    it('sends the time as one CRLF line on connect, then closes', async () => {
      const server = await serve(() =>
        createTimeServer({ now: () => new Date('2026-12-02T15:51:57Z') }),
      );
      const socket = await open(server);
      expect((await socket.readUntilClose()).toString(), hint(4, 'socket.end(line)')).toBe(
        '2026-12-02T15:51:57Z\r\n',
      );
    });

    it('reads the clock at each connection', async () => {
      let t = Date.UTC(2026, 0, 1);
      const server = await serve(() =>
        createTimeServer({
          now: () => {
            t += 1000;
            return new Date(t);
          },
        }),
      );
      const a = (await (await open(server)).readUntilClose()).toString();
      const b = (await (await open(server)).readUntilClose()).toString();
      expect([a, b]).toEqual(['2026-01-01T00:00:01Z\r\n', '2026-01-01T00:00:02Z\r\n']);
    });

    it('uses the real clock by default', async () => {
      const server = await serve(() => createTimeServer());
      const before = Date.now();
      const line = (await (await open(server)).readUntilClose()).toString().trim();
      const at = Date.parse(line);
      expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(at).toBeLessThanOrEqual(Date.now());
    });
  });

  describe('chat', () => {
    it('answers NICK with OK <nick>', async () => {
      const server = await chat();
      await member(server.port, 'alice');
    });

    it('tells the others JOIN <nick>', async () => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      await member(server.port, 'bob');
      expect(await readLine(alice), hint(4, 'broadcast to the other named members')).toBe(
        'JOIN bob',
      );
    });

    it('broadcasts MSG <text> to the others as MSG <nick> <text>', async () => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      const bob = await member(server.port, 'bob');
      const carol = await member(server.port, 'carol');
      await readLines(alice, 2);
      await readLine(bob);
      await alice.write('MSG hello, room\r\n');
      expect(await readLine(bob)).toBe('MSG alice hello, room');
      expect(await readLine(carol)).toBe('MSG alice hello, room');
    });

    it('does not echo a MSG to its sender', async () => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      const bob = await member(server.port, 'bob');
      await readLine(alice);
      await alice.write('MSG one\r\nNAMES\r\n');
      expect(await readLine(alice), hint(4, 'the others, not the sender')).toBe('NAMES alice bob');
      expect(await readLine(bob)).toBe('MSG alice one');
    });

    it('delivers PRIV <nick> <text> to that member only, as PRIV <from> <text>', async () => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      const bob = await member(server.port, 'bob');
      const carol = await member(server.port, 'carol');
      await readLines(alice, 2);
      await readLine(bob);
      await alice.write('PRIV carol psst there\r\nMSG public\r\n');
      expect(await readLine(carol)).toBe('PRIV alice psst there');
      expect(await readLine(bob), hint(4, 'PRIV goes to one member')).toBe('MSG alice public');
      expect(await readLine(carol)).toBe('MSG alice public');
    });

    it('finds the PRIV target whatever its case', async () => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      const bob = await member(server.port, 'Bob');
      await readLine(alice);
      await alice.write('PRIV bOB hi\r\n');
      expect(await readLine(bob)).toBe('PRIV alice hi');
    });

    it('answers PRIV to an unknown nick with ERR no-such-nick', async () => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      await alice.write('PRIV nobody hi\r\n');
      expect(await readLine(alice)).toBe('ERR no-such-nick');
    });

    it('lists the members with NAMES, sorted', async () => {
      const server = await chat();
      await member(server.port, 'zed');
      await member(server.port, 'amy');
      const mo = await member(server.port, 'mo');
      await mo.write('NAMES\r\n');
      expect(await readLine(mo), hint(4, 'sorted by code point')).toBe('NAMES amy mo zed');
    });

    it('says BYE to QUIT, closes, and tells the others LEAVE <nick>', async () => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      const bob = await member(server.port, 'bob');
      await readLine(alice);
      await bob.write('QUIT\r\n');
      expect(await readLine(bob)).toBe('BYE');
      expect(await bob.closesWithin(2_000)).toBe(true);
      expect(await readLine(alice)).toBe('LEAVE bob');
    });

    it('tells the others LEAVE <nick> when a member just disconnects', async () => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      const bob = await member(server.port, 'bob');
      await readLine(alice);
      bob.close();
      expect(await readLine(alice), hint(4, 'leave on close, not only on QUIT')).toBe('LEAVE bob');
    });

    it('frees a nick when its member leaves', async () => {
      const server = await chat();
      const first = await member(server.port, 'alice');
      first.close();
      await sleep(50);
      await member(server.port, 'alice');
    });

    it.each([
      ['NICK alice', 'ERR nick-taken'],
      ['NICK ALICE', 'ERR nick-taken'],
      ['NICK', 'ERR bad-nick'],
      ['NICK two words', 'ERR bad-nick'],
      ['NICK a-very-long-nickname', 'ERR bad-nick'],
      ['NICK é', 'ERR bad-nick'],
    ])('answers %j with %s', async (line, answer) => {
      const server = await chat();
      await member(server.port, 'alice');
      const other = await open(server);
      await other.write(`${line}\r\n`);
      expect(
        await readLine(other),
        hint(4, 'nicks: 1-16 of A-Z a-z 0-9 _ -, unique ignoring case'),
      ).toBe(answer);
    });

    it.each([
      ['MSG hi', 'ERR no-nick'],
      ['NAMES', 'ERR no-nick'],
      ['PRIV bob hi', 'ERR no-nick'],
      ['DANCE', 'ERR unknown-command'],
    ])('answers %j before NICK with %s', async (line, answer) => {
      const server = await chat();
      const anon = await open(server);
      await anon.write(`${line}\r\n`);
      expect(await readLine(anon)).toBe(answer);
    });

    it.each([
      ['NICK again', 'ERR already-named'],
      ['MSG', 'ERR syntax'],
      ['PRIV bob', 'ERR syntax'],
      ['FLY away', 'ERR unknown-command'],
    ])('answers %j from a member with %s', async (line, answer) => {
      const server = await chat();
      const alice = await member(server.port, 'alice');
      await alice.write(`${line}\r\n`);
      expect(await readLine(alice)).toBe(answer);
    });

    it('reads verbs in any case', async () => {
      const server = await chat();
      const socket = await open(server);
      await socket.write('nick alice\r\nnames\r\n');
      expect(await readLines(socket, 2)).toEqual(['OK alice', 'NAMES alice']);
    });

    it('keeps serving the room while one member never reads (the slow member is dropped)', async () => {
      const server = await chat({ maxBufferedBytes: 256 * 1024 });
      const slow: Socket = netConnect({ port: server.port, host: '127.0.0.1' });
      slow.on('error', () => {});
      later(() => {
        slow.destroy();
      });
      slow.write('NICK slow\r\n');
      slow.pause();
      const bob = await member(server.port, 'bob');
      const carol = await member(server.port, 'carol');
      await readLine(bob);
      const text = 'x'.repeat(4000);
      const n = 3000; // 12 MB to each member: more than the kernel buffers of the slow one
      // Sent in batches the fast member has read before the next one: then only the member who
      // never reads can pass maxBufferedBytes, however fast the server reads the sender.
      const batch = 25;
      let got = 0;
      let leftSlow = false;
      for (let sent = batch; sent <= n; sent += batch) {
        void bob.write(Buffer.from(`MSG ${text}\r\n`.repeat(batch)));
        await carol.waitFor(
          `${sent} messages`,
          (buf) => {
            let at = 0;
            for (;;) {
              const end = buf.indexOf('\r\n', at);
              if (end < 0) break;
              const line = buf.subarray(at, end).toString();
              if (line === 'LEAVE slow') leftSlow = true;
              else got++;
              at = end + 2;
            }
            carol.buffered = buf.subarray(at);
            return got >= sent ? true : undefined;
          },
          20_000,
        );
      }
      expect(got, hint(4, 'never wait for one member before serving the others')).toBe(n);
      expect(leftSlow, hint(4, 'drop a member whose writableLength passes maxBufferedBytes')).toBe(
        true,
      );
    });
  });
});
