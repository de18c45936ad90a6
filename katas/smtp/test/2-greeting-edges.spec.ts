import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { parseExtensions, SmtpClient, SmtpError } from '../src/index.ts';
import { connect, fakeServer, useSmtpHarness } from './helpers.ts';

useSmtpHarness();

const ehlo = (...lines: string[]) => ({ code: 250, lines });

/** A fake server that never answers `verb`, and a promise that settles when `verb` arrived. */
async function silentOn(verb: string) {
  let arrived: () => void = () => undefined;
  const seen = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const peer = await fakeServer({
    reply: (line) => {
      if (line !== verb) return undefined;
      arrived();
      return '';
    },
  });
  return { peer, seen };
}

/** A greeting-and-EHLO server on `host` port 0 (or undefined when it cannot listen there). */
async function greeter(host: string): Promise<{ server: Server; port: number } | undefined> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.write('220 v6.test ready\r\n');
    socket.on('data', (chunk: Buffer) => {
      for (const line of chunk
        .toString('latin1')
        .split('\r\n')
        .filter((l) => l !== '')) {
        if (line.startsWith('EHLO')) socket.write('250 v6.test\r\n');
        else if (line === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
  } catch {
    return undefined;
  }
  return { server, port: (server.address() as AddressInfo).port };
}

const v6 = await greeter('::1');
if (v6 === undefined) {
  console.warn(
    '2. Greeting and EHLO: no IPv6 loopback (::1) here: the options.host spec is skipped.',
  );
} else {
  v6.server.close();
}

describe('2. Greeting and EHLO', () => {
  describe('options.host', () => {
    it.skipIf(v6 === undefined)('connects to the host given (a server on ::1 only)', async () => {
      const peer = await greeter('::1');
      if (peer === undefined) return;
      try {
        const client = await SmtpClient.connect({
          host: '::1',
          port: peer.port,
          timeouts: { connect: 2000, greeting: 2000 },
        });
        try {
          expect(
            client.extensions.domain,
            hint(2, 'net.connect to options.host; 127.0.0.1 only when none is given'),
          ).toBe('v6.test');
        } finally {
          client.close();
        }
      } finally {
        await new Promise<void>((resolve) => peer.server.close(() => resolve()));
      }
    });
  });

  describe('parseExtensions: SIZE is digits only (RFC 1870 §4: size-value = 1*20DIGIT)', () => {
    it.each([
      ['an exponent', 'SIZE 1e6'],
      ['hexadecimal', 'SIZE 0x400'],
      ['a fraction', 'SIZE 10.5'],
      ['a sign', 'SIZE +100'],
    ])('has no size limit with %s, which Number() would read', (_, line) => {
      const ext = parseExtensions(ehlo('mx', line));
      expect(
        ext.size,
        hint(2, 'only a run of digits is a limit, not what Number() accepts'),
      ).toBeUndefined();
      expect(ext.keywords.has('SIZE'), hint(2, 'the keyword was still announced')).toBe(true);
    });

    it('reads a reply with no line at all as no domain and no keyword', () => {
      const ext = parseExtensions({ code: 250, lines: [] });
      expect(ext.domain, hint(2, 'no first line: the domain is empty')).toBe('');
      expect(ext.keywords.size, hint(2, 'no keyword lines')).toBe(0);
    });
  });

  describe('close() while a reply is awaited', () => {
    it.each([
      [
        'NOOP',
        'the call that waits',
        (c: SmtpClient) => c.noop(),
        'close() ends the session: what waits for a reply fails as closed',
      ],
      [
        'QUIT',
        'a quit() that waits for its 221',
        (c: SmtpClient) => c.quit(),
        'quit() forgives a lost peer, not a client closed under it',
      ],
    ] as const)('%s: rejects %s with ERR_SMTP_CLOSED', async (verb, _what, call, why) => {
      const { peer, seen } = await silentOn(verb);
      const client = await connect({ port: peer.port });
      const pending = call(client);
      await seen;
      client.close();
      await expectRejectCode(pending, SmtpError, 'ERR_SMTP_CLOSED', hint(2, why));
    });
  });
});
