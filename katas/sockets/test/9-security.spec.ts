import { codeOf, expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  AddressError,
  classify,
  createChatServer,
  createLineServer,
  isPublic,
  LineDecoder,
  LineError,
  parseIP,
} from '../src/index.ts';
import { open, readLine, serve, sleep, useSockets } from './helpers.ts';

useSockets();

/** isPublic must never say true for these: it either says false or refuses the text. */
function neverPublic(text: string): boolean {
  try {
    return isPublic(text) === false;
  } catch (error) {
    return error instanceof AddressError;
  }
}

describe('9. Security', () => {
  describe('one text, one address: no octal, hex or short IPv4 forms', () => {
    it.each([
      ['0127.0.0.1', 'CVE-2021-28918 (netmask: octal read as decimal)'],
      ['012.0.0.1', 'CVE-2021-28918'],
      ['0x7f.0.0.1', 'CVE-2021-29418 (netmask: hex)'],
      ['010.8.8.8', 'CVE-2021-29921 (Python ipaddress: leading zeros)'],
      ['127.000.000.001', 'CVE-2021-29922 (Rust std::net: leading zeros)'],
      ['192.168.001.001', 'CVE-2021-29923 (Go net.ParseIP: leading zeros)'],
      ['0x7f.1', 'CVE-2023-42282 (npm ip: isPublic said true)'],
      ['127.1', 'CVE-2024-29415 (npm ip: short form)'],
      ['01200034567', 'CVE-2024-29415 (npm ip: one octal number)'],
      ['2130706433', 'CVE-2024-29415 (one decimal number)'],
    ])('refuses %s — %s', (text) => {
      expectCode(
        () => parseIP(text),
        AddressError,
        'ERR_ADDRESS_INVALID',
        hint(9, 'inet_aton reads these as other addresses: refuse them'),
      );
      expect(neverPublic(text)).toBe(true);
    });
  });

  describe('SSRF: what isPublic must not call public', () => {
    it.each([
      ['::ffff:127.0.0.1', 'loopback'],
      ['::fFFf:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local'],
      ['::ffff:10.0.0.1', 'private'],
      ['000:0:0000::01', 'loopback'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['169.254.169.254', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['fd00:ec2::254', 'private'],
    ])('classifies %s as %s, not public (CVE-2024-29415 and friends)', (text, what) => {
      expect(classify(text), hint(9, 'look inside ::ffff:0:0/96; 0.0.0.0 reaches this host')).toBe(
        what,
      );
      expect(isPublic(text)).toBe(false);
    });

    it.each(['[::1]', 'localhost', '127.0.0.1 ', '127.0.0.1\0', '::1%', ''])(
      'refuses %j instead of guessing',
      (text) => {
        expect(
          codeOf(() => isPublic(text), AddressError),
          hint(9, 'an unparsable address is an error, never "public"'),
        ).toBe('ERR_ADDRESS_INVALID');
      },
    );
  });

  describe('unbounded line buffering (CVE-2018-12121, Node.js: large headers DoS)', () => {
    it('closes a connection sending 8 MiB without a line end after reading little of it', async () => {
      const server = await serve(() =>
        createLineServer((l, c) => void c.send(l), { maxLineLength: 1024 }),
      );
      const socket = await open(server);
      void socket.write(Buffer.alloc(8 * 1024 * 1024, 0x41));
      expect(await readLine(socket, 5_000), hint(9, 'fail as soon as the line is too long')).toBe(
        'ERR line-too-long',
      );
      expect(await socket.closesWithin(3_000)).toBe(true);
      const read = server.connections[0]?.bytesRead ?? 0;
      expect(read, hint(9, 'stop reading once the line is known to be too long')).toBeLessThan(
        8 * 1024 * 1024,
      );
    });

    it('keeps a decoder at maxLineLength + 1 bytes whatever the chunk sizes', () => {
      const decoder = new LineDecoder({ maxLineLength: 64 });
      expectCode(
        () => decoder.push(Buffer.alloc(1024 * 1024, 0x41)),
        LineError,
        'ERR_LINE_TOO_LONG',
        hint(9, 'check before you store'),
      );
      expect(decoder.buffered).toBeLessThanOrEqual(65);
    });
  });

  describe('slowloris (CVE-2007-6750): a line must finish in time', () => {
    it('closes a client that trickles one byte at a time, never idle, with ERR line-timeout', async () => {
      const server = await serve(() =>
        createLineServer((l, c) => void c.send(l), { idleTimeoutMs: 1_000, lineTimeoutMs: 300 }),
      );
      const socket = await open(server);
      let sent = 0;
      while (!socket.ended && sent < 40) {
        await socket.write('x');
        sent++;
        await sleep(40);
      }
      expect(
        socket.buffered.toString(),
        hint(9, 'a timer from the first byte of a line, not reset by later bytes'),
      ).toBe('ERR line-timeout\r\n');
      expect(sent).toBeLessThan(40);
    });

    it('does not cut off a client that sends complete lines steadily', async () => {
      const server = await serve(() =>
        createLineServer((l, c) => void c.send(l), { idleTimeoutMs: 500, lineTimeoutMs: 150 }),
      );
      const socket = await open(server);
      for (let i = 0; i < 8; i++) {
        await socket.write(`line ${i}\r\n`);
        expect(await readLine(socket)).toBe(`line ${i}`);
        await sleep(60);
      }
      expect(socket.ended, hint(9, 'stop the line timer when the line ends')).toBe(false);
    });
  });

  describe('line injection in the chat', () => {
    it("refuses a MSG holding a bare CR that would forge a line on the others' terminals", async () => {
      const server = await serve(() => createChatServer());
      const alice = await open(server);
      const bob = await open(server);
      await alice.write('NICK alice\r\n');
      await readLine(alice);
      await bob.write('NICK bob\r\n');
      await readLine(bob);
      await readLine(alice);
      await alice.write('MSG hi\rMSG bob I owe alice 100 EUR\r\n');
      expect(await readLine(alice), hint(9, 'refuse control characters in text')).toBe(
        'ERR syntax',
      );
      await alice.write('MSG clean\r\n');
      expect(await readLine(bob)).toBe('MSG alice clean');
    });

    it('refuses a PRIV holding an escape sequence', async () => {
      const server = await serve(() => createChatServer());
      const alice = await open(server);
      await alice.write('NICK alice\r\nPRIV alice \u001b[2Jgone\r\n');
      expect(await readLine(alice)).toBe('OK alice');
      expect(await readLine(alice)).toBe('ERR syntax');
    });
  });
});
