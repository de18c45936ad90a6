import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { parseExtensions, SmtpClient, SmtpError } from '../src/index.ts';
import { connect, deadPort, fakeServer, later, startServer, useSmtpHarness } from './helpers.ts';

useSmtpHarness();

const ehlo = (...lines: string[]) => ({ code: 250, lines });

describe('2. Greeting and EHLO', () => {
  describe('parseExtensions (RFC 5321 §4.1.1.1)', () => {
    it('reads the domain from the first line', () => {
      expect(
        parseExtensions(ehlo('mx.example.org Hello [127.0.0.1]')).domain,
        hint(2, 'the first word of the first line'),
      ).toBe('mx.example.org');
    });

    it('reads PIPELINING, 8BITMIME, SMTPUTF8, STARTTLS, ENHANCEDSTATUSCODES', () => {
      const ext = parseExtensions(
        ehlo('mx', 'PIPELINING', '8BITMIME', 'SMTPUTF8', 'STARTTLS', 'ENHANCEDSTATUSCODES'),
      );
      expect(
        [ext.pipelining, ext.eightBitMime, ext.smtpUtf8, ext.startTls, ext.enhancedStatusCodes],
        hint(2, 'one keyword per line after the first'),
      ).toEqual([true, true, true, true, true]);
    });

    it('says false for what was not announced', () => {
      const ext = parseExtensions(ehlo('mx', 'SIZE 100'));
      expect(
        [
          ext.pipelining,
          ext.eightBitMime,
          ext.smtpUtf8,
          ext.startTls,
          ext.enhancedStatusCodes,
          ext.auth,
        ],
        hint(2, 'absent means unsupported'),
      ).toEqual([false, false, false, false, false, []]);
    });

    it('reads keywords case-insensitively', () => {
      const ext = parseExtensions(ehlo('mx', 'pipelining', '8bitmime', 'Size 2048'));
      expect(
        [ext.pipelining, ext.eightBitMime, ext.size],
        hint(2, 'ehlo-keyword is case-insensitive'),
      ).toEqual([true, true, 2048]);
      expect(ext.keywords.has('SIZE'), hint(2, 'keywords map upper-cased names')).toBe(true);
    });

    it('reads SIZE with its limit (RFC 1870 §4)', () => {
      expect(parseExtensions(ehlo('mx', 'SIZE 35882577')).size, hint(2, 'SIZE number')).toBe(
        35_882_577,
      );
    });

    it.each([
      ['SIZE without a number', 'SIZE'],
      ['SIZE 0 (no fixed limit)', 'SIZE 0'],
      ['SIZE with garbage', 'SIZE lots'],
      ['SIZE with a number and garbage after it', 'SIZE 1000x'],
      ['SIZE with garbage and a number after it', 'SIZE x1000'],
    ])('has no size limit with %s', (_, line) => {
      const ext = parseExtensions(ehlo('mx', line));
      expect(ext.size, hint(2, 'only a positive number is a limit')).toBeUndefined();
      expect(ext.keywords.has('SIZE'), hint(2, 'the keyword was still announced')).toBe(true);
    });

    it('keeps the parameters of every keyword', () => {
      const ext = parseExtensions(ehlo('mx', 'AUTH PLAIN LOGIN', 'X-CUSTOM a  b', 'DSN'));
      expect(ext.keywords.get('X-CUSTOM'), hint(2, 'params are split on spaces')).toEqual([
        'a',
        'b',
      ]);
      expect(ext.keywords.get('DSN'), hint(2, 'no params: empty list')).toEqual([]);
      expect(ext.auth, hint(2, 'AUTH lists SASL mechanisms')).toEqual(['PLAIN', 'LOGIN']);
    });

    it('upper-cases the AUTH mechanisms', () => {
      expect(
        parseExtensions(ehlo('mx', 'auth plain Login CRAM-MD5')).auth,
        hint(2, 'SASL mechanism names are case-insensitive: AUTH lists them upper-cased'),
      ).toEqual(['PLAIN', 'LOGIN', 'CRAM-MD5']);
    });

    it('skips lines that are not ehlo-lines', () => {
      const ext = parseExtensions(ehlo('mx', 'AUTH=LOGIN PLAIN', '-BAD', '', 'PIPELINING'));
      expect(
        [...ext.keywords.keys()],
        hint(2, 'ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")'),
      ).toEqual(['PIPELINING']);
    });
  });

  describe('SmtpClient.connect against smtp-server', () => {
    it('reads the 220 greeting', async () => {
      const server = await startServer({ banner: 'kata test server' });
      const client = await connect({ port: server.port });
      expect(client.greeting.code, hint(2, 'wait for the greeting before EHLO')).toBe(220);
      expect(client.greeting.lines[0], hint(2, 'keep the greeting text')).toContain(
        'kata test server',
      );
    });

    it('says EHLO and reads the extensions', async () => {
      const server = await startServer({ size: 4096 });
      const client = await connect({ port: server.port });
      expect(client.esmtp, hint(2, 'EHLO was accepted')).toBe(true);
      expect(
        [
          client.extensions.pipelining,
          client.extensions.eightBitMime,
          client.extensions.smtpUtf8,
          client.extensions.size,
        ],
        hint(2, 'smtp-server announces PIPELINING, 8BITMIME, SMTPUTF8 and SIZE'),
      ).toEqual([true, true, true, 4096]);
    });

    it('reads hidden extensions as absent', async () => {
      const server = await startServer({
        hidePIPELINING: true,
        hide8BITMIME: true,
        hideSMTPUTF8: true,
      } as never);
      const client = await connect({ port: server.port });
      expect(
        [client.extensions.pipelining, client.extensions.eightBitMime, client.extensions.smtpUtf8],
        hint(2, 'what was not announced is false'),
      ).toEqual([false, false, false]);
    });

    it('answers NOOP and QUIT', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      expect((await client.noop()).code, hint(2, 'NOOP gets 250')).toBe(250);
      await client.quit();
      expect(server.connections(), hint(2, 'one connection')).toBe(1);
    });

    it('refuses every call after QUIT with ERR_SMTP_CLOSED', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      await client.quit();
      await expectRejectCode(
        client.noop(),
        SmtpError,
        'ERR_SMTP_CLOSED',
        hint(2, 'a closed session stays closed'),
      );
    });

    it('still refuses calls with ERR_SMTP_CLOSED once the closed socket is gone', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      await client.quit();
      client.close();
      await later(50);
      await expectRejectCode(
        client.noop(),
        SmtpError,
        'ERR_SMTP_CLOSED',
        hint(2, 'the socket closing after quit() or close() is no error to report'),
      );
    });

    it('refuses quit() after close() with ERR_SMTP_CLOSED', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      client.close();
      await expectRejectCode(
        client.quit(),
        SmtpError,
        'ERR_SMTP_CLOSED',
        hint(2, 'quit() is a call like the others'),
      );
    });

    it('quit() resolves when the server hangs up instead of answering QUIT', async () => {
      const peer = await fakeServer({
        reply: (line, p) => {
          if (line !== 'QUIT') return undefined;
          p.drop();
          return '';
        },
      });
      const client = await connect({ port: peer.port });
      await client.quit();
      expect(peer.log.at(-1)?.line, hint(2, 'QUIT was sent')).toBe('QUIT');
      await expectRejectCode(
        client.noop(),
        SmtpError,
        'ERR_SMTP_CLOSED',
        hint(2, 'a peer gone at QUIT is a goodbye, not an error; the session is over'),
      );
    });

    it('refuses every call after close() with ERR_SMTP_CLOSED', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      client.close();
      await expectRejectCode(
        client.noop(),
        SmtpError,
        'ERR_SMTP_CLOSED',
        hint(2, 'close() ends the session'),
      );
    });
  });

  describe('a closed client', () => {
    it.each([
      ['no recipients', { from: 'a@example.org', to: [] }],
      ['an address with CRLF', { from: 'a@example.org', to: ['b@example.org\r\nRSET'] }],
    ])(
      'refuses send() with ERR_SMTP_CLOSED before it looks at the envelope (%s)',
      async (_, envelope) => {
        const server = await startServer();
        const client = await connect({ port: server.port });
        client.close();
        await expectRejectCode(
          client.send(envelope, 'Subject: x\r\n\r\nx\r\n'),
          SmtpError,
          'ERR_SMTP_CLOSED',
          hint(2, 'once closed, every call throws ERR_SMTP_CLOSED, whatever its arguments'),
        );
      },
    );
  });

  describe('on the wire', () => {
    it('sends "EHLO <name>" CRLF after the greeting, with the name given', async () => {
      const peer = await fakeServer({ extensions: ['PIPELINING'] });
      await connect({ port: peer.port, name: 'client.example' });
      expect(
        peer.log.map((l) => l.line),
        hint(2, 'EHLO SP Domain CRLF'),
      ).toEqual(['EHLO client.example']);
    });

    it('says EHLO localhost when no name is given', async () => {
      const peer = await fakeServer();
      await connect({ port: peer.port });
      expect(peer.log[0]?.line, hint(2, 'the default name')).toBe('EHLO localhost');
    });

    it('waits for the greeting before EHLO', async () => {
      const peer = await fakeServer({ greeting: '' });
      const pending = SmtpClient.connect({ port: peer.port, timeouts: { greeting: 300 } });
      await later(100);
      expect(peer.raw().length, hint(2, 'the server speaks first')).toBe(0);
      await expectRejectCode(
        pending,
        SmtpError,
        'ERR_SMTP_TIMEOUT',
        hint(2, 'no greeting, no session'),
      );
    });

    it('reads a multiline greeting', async () => {
      const peer = await fakeServer({
        greeting: '220-fake.test\r\n220-welcome\r\n220 go ahead\r\n',
      });
      const client = await connect({ port: peer.port });
      expect(client.greeting.lines, hint(2, 'the greeting may span lines')).toEqual([
        'fake.test',
        'welcome',
        'go ahead',
      ]);
    });

    it('falls back to HELO when EHLO gets 500', async () => {
      const peer = await fakeServer({
        reply: (line) => (line.startsWith('EHLO') ? '500 5.5.1 unrecognized\r\n' : undefined),
      });
      const client = await connect({ port: peer.port, name: 'c.example' });
      expect(
        peer.log.map((l) => l.line),
        hint(2, 'HELO after a 5yz to EHLO'),
      ).toEqual(['EHLO c.example', 'HELO c.example']);
      expect(client.esmtp, hint(2, 'no extensions after HELO')).toBe(false);
      expect(client.extensions.pipelining, hint(2, 'HELO announces nothing')).toBe(false);
    });

    it('announces nothing after HELO, even when the HELO reply lists keywords', async () => {
      const peer = await fakeServer({
        reply: (line) => {
          if (line.startsWith('EHLO')) return '500 5.5.1 unrecognized\r\n';
          if (line.startsWith('HELO')) return '250-fake.test\r\n250-PIPELINING\r\n250 SIZE 10\r\n';
          return undefined;
        },
      });
      const client = await connect({ port: peer.port });
      expect(
        [client.extensions.domain, [...client.extensions.keywords.keys()], client.extensions.size],
        hint(2, 'HELO is not EHLO: its reply names the server and announces nothing'),
      ).toEqual(['fake.test', [], undefined]);
    });

    it('falls back to HELO when EHLO gets 502', async () => {
      const peer = await fakeServer({
        reply: (line) => (line.startsWith('EHLO') ? '502 not implemented\r\n' : undefined),
      });
      const client = await connect({ port: peer.port });
      expect(client.esmtp, hint(2, 'old servers say 502')).toBe(false);
    });

    it('does not fall back when EHLO gets 421: the server is closing', async () => {
      const peer = await fakeServer({
        reply: (line) => (line.startsWith('EHLO') ? '421 4.3.2 shutting down\r\n' : undefined),
      });
      const error = await expectRejectCode(
        SmtpClient.connect({ port: peer.port }),
        SmtpError,
        'ERR_SMTP_HELO_REJECTED',
        hint(2, 'a 4yz is not "EHLO unknown"'),
      );
      expect(error.reply?.code, hint(2, 'carry the reply')).toBe(421);
      expect(
        peer.log.map((l) => l.line.split(' ')[0]),
        hint(2, 'no HELO'),
      ).not.toContain('HELO');
    });

    it('fails with ERR_SMTP_HELO_REJECTED when HELO is refused too', async () => {
      const peer = await fakeServer({
        reply: (line) => (/^(EHLO|HELO)/.test(line) ? '550 go away\r\n' : undefined),
      });
      const error = await expectRejectCode(
        SmtpClient.connect({ port: peer.port }),
        SmtpError,
        'ERR_SMTP_HELO_REJECTED',
        hint(2, 'both refused'),
      );
      expect(error.reply?.code, hint(2, 'the HELO reply')).toBe(550);
    });

    it('fails with ERR_SMTP_GREETING on a 554 greeting, with the reply', async () => {
      const peer = await fakeServer({ greeting: '554 5.7.1 no SMTP service for you\r\n' });
      const error = await expectRejectCode(
        SmtpClient.connect({ port: peer.port }),
        SmtpError,
        'ERR_SMTP_GREETING',
        hint(2, '554 instead of 220'),
      );
      expect(error.reply?.code, hint(2, 'carry the reply')).toBe(554);
    });

    it('fails with ERR_SMTP_CONNECTION when nothing listens', async () => {
      const error = await expectRejectCode(
        SmtpClient.connect({ port: await deadPort() }),
        SmtpError,
        'ERR_SMTP_CONNECTION',
        hint(2, 'ECONNREFUSED becomes an SmtpError'),
      );
      expect(
        (error.cause as NodeJS.ErrnoException | undefined)?.code,
        hint(2, 'with the socket error as its cause'),
      ).toBe('ECONNREFUSED');
    });

    it('fails with ERR_SMTP_CONNECTION when the server hangs up before greeting', async () => {
      const peer = await fakeServer({ hangUp: true });
      await expectRejectCode(
        SmtpClient.connect({ port: peer.port, timeouts: { greeting: 5000 } }),
        SmtpError,
        'ERR_SMTP_CONNECTION',
        hint(2, 'a closed socket is not a timeout'),
      );
    });

    it('ends with QUIT CRLF and waits for the 221', async () => {
      const peer = await fakeServer();
      const client = await connect({ port: peer.port });
      await client.quit();
      expect(peer.log.at(-1)?.line, hint(2, 'QUIT CRLF')).toBe('QUIT');
    });

    it('sends NOOP CRLF', async () => {
      const peer = await fakeServer();
      const client = await connect({ port: peer.port });
      const reply = await client.noop();
      expect([peer.log.at(-1)?.line, reply.code], hint(2, 'NOOP CRLF, 250')).toEqual(['NOOP', 250]);
    });
  });
});
