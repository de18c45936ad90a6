import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { encodeData, SmtpError, sendMail } from '../src/index.ts';
import {
  connect,
  fakeServer,
  simpleMessage,
  startServer,
  unstuff,
  useSmtpHarness,
} from './helpers.ts';

useSmtpHarness();

const data = (text: string) => encodeData(text).toString('latin1');

describe('3. Send a message', () => {
  describe('encodeData: line ends, transparency, the terminator (RFC 5321 §4.5.2)', () => {
    it('ends the data with CRLF "." CRLF', () => {
      expect(data('Hi\r\n'), hint(3, 'the terminator is "." CRLF after the last line')).toBe(
        'Hi\r\n.\r\n',
      );
    });

    it('adds the CRLF a message without a final line end lacks', () => {
      expect(data('Hi'), hint(3, 'the dot must start a line')).toBe('Hi\r\n.\r\n');
    });

    it('sends an empty message as "." CRLF alone', () => {
      expect(data(''), hint(3, 'the CRLF of DATA ends the empty message')).toBe('.\r\n');
    });

    it('doubles a dot at the start of a line', () => {
      expect(data('a\r\n.b\r\n'), hint(3, 'dot-stuffing: "." becomes ".."')).toBe(
        'a\r\n..b\r\n.\r\n',
      );
    });

    it('doubles a dot at the very start of the message', () => {
      expect(data('.hidden\r\n'), hint(3, 'the first line starts a line too')).toBe(
        '..hidden\r\n.\r\n',
      );
    });

    it('doubles a line that is a lone dot', () => {
      expect(data('a\r\n.\r\nb\r\n'), hint(3, 'a lone "." inside must not end the data')).toBe(
        'a\r\n..\r\nb\r\n.\r\n',
      );
    });

    it('doubles every leading dot, also "..": one more dot, no more', () => {
      expect(data('..\r\n...x\r\n'), hint(3, 'add exactly one dot')).toBe('...\r\n....x\r\n.\r\n');
    });

    it('leaves dots elsewhere alone', () => {
      expect(data('a.b. c .\r\n'), hint(3, 'only the first character of a line')).toBe(
        'a.b. c .\r\n.\r\n',
      );
    });

    it('sends a bare LF as CRLF (RFC 5321 §2.3.8)', () => {
      expect(data('a\nb\n'), hint(3, 'CR and LF only as CRLF')).toBe('a\r\nb\r\n.\r\n');
    });

    it('sends a bare CR as CRLF', () => {
      expect(data('a\rb'), hint(3, 'a lone CR is a line end too')).toBe('a\r\nb\r\n.\r\n');
    });

    it('reads CR CR LF as two line ends', () => {
      expect(data('a\r\r\nb'), hint(3, 'a CR, then a CRLF')).toBe('a\r\n\r\nb\r\n.\r\n');
    });

    it('stuffs a dot after a bare LF', () => {
      expect(data('a\n.b'), hint(3, 'normalize first, then every line start counts')).toBe(
        'a\r\n..b\r\n.\r\n',
      );
    });

    it('keeps 8-bit bytes as they are', () => {
      const bytes = encodeData(Buffer.from('caf\xe9 \u2603\r\n', 'utf8'));
      expect(bytes.toString('utf8'), hint(3, 'work on bytes')).toBe('café ☃\r\n.\r\n');
    });

    it('takes a Buffer as well as a string', () => {
      expect(encodeData(Buffer.from('.x')).toString(), hint(3, 'Buffer input')).toBe(
        '..x\r\n.\r\n',
      );
    });
  });

  describe('one transaction against smtp-server', () => {
    it('delivers the message with its envelope', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      const result = await client.send(
        { from: 'alice@example.org', to: ['bob@example.net'] },
        simpleMessage(),
      );
      expect(result.accepted, hint(3, 'RCPT got 250')).toEqual(['bob@example.net']);
      expect(result.rejected, hint(3, 'nobody refused')).toEqual([]);
      expect(result.reply.code, hint(3, 'the reply to the final dot')).toBe(250);
      expect(
        server.messages.map((m) => [m.from, m.to]),
        hint(3, 'MAIL FROM and RCPT TO'),
      ).toEqual([['alice@example.org', ['bob@example.net']]]);
    });

    it('delivers the bytes of the message', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      await client.send(
        { from: 'a@example.org', to: ['b@example.org'] },
        'Subject: x\r\n\r\nline one\r\nline two\r\n',
      );
      expect(server.messages[0]?.raw.toString(), hint(3, 'the data, unstuffed by the server')).toBe(
        'Subject: x\r\n\r\nline one\r\nline two\r\n',
      );
    });

    it('delivers lines that start with a dot intact', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      const text = 'Subject: dots\r\n\r\n.\r\n..\r\n.leading\r\nend.\r\n';
      await client.send({ from: 'a@example.org', to: ['b@example.org'] }, text);
      expect(server.messages[0]?.raw.toString(), hint(3, 'stuff every leading dot')).toBe(text);
    });

    it('delivers to several recipients in one transaction', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      const to = ['one@example.org', 'two@example.org', 'three@example.org'];
      const result = await client.send({ from: 'a@example.org', to }, simpleMessage());
      expect(result.accepted, hint(3, 'one RCPT per recipient')).toEqual(to);
      expect(server.messages.length, hint(3, 'one DATA for all')).toBe(1);
      expect(server.messages[0]?.to, hint(3, 'every recipient in the envelope')).toEqual(to);
    });

    it('sends the null reverse-path <> for a bounce', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      await client.send({ from: '', to: ['b@example.org'] }, simpleMessage());
      expect(server.messages[0]?.from, hint(3, 'MAIL FROM:<>')).toBe('');
    });

    it('sends several messages on one connection', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      for (let i = 0; i < 3; i++) {
        await client.send(
          { from: 'a@example.org', to: [`r${i}@example.org`] },
          simpleMessage(`n${i}`),
        );
      }
      expect(
        server.messages.map((m) => m.raw.toString().trim().split('\r\n').at(-1)),
        hint(3, 'a session carries many transactions'),
      ).toEqual(['n0', 'n1', 'n2']);
      expect(server.connections(), hint(3, 'one connection')).toBe(1);
    });

    it('runs sends called together one after the other', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      const results = await Promise.all(
        [0, 1, 2].map((i) =>
          client.send({ from: 'a@example.org', to: [`r${i}@example.org`] }, simpleMessage(`n${i}`)),
        ),
      );
      expect(
        results.map((r) => r.accepted[0]),
        hint(3, 'one transaction at a time'),
      ).toEqual(['r0@example.org', 'r1@example.org', 'r2@example.org']);
      expect(server.messages.length, hint(3, 'three messages')).toBe(3);
    });

    it('delivers 8-bit text with BODY=8BITMIME', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      await client.send(
        { from: 'a@example.org', to: ['b@example.org'] },
        'Subject: x\r\n\r\nGrüße, Zoë ☃\r\n',
      );
      expect(
        server.messages[0]?.raw.toString('utf8'),
        hint(3, 'bytes through unchanged'),
      ).toContain('Grüße, Zoë ☃');
    });

    it('delivers to a non-ASCII address with SMTPUTF8', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      await client.send({ from: 'a@example.org', to: ['zoë@exämple.org'] }, simpleMessage());
      expect(server.messages[0]?.to, hint(3, 'MAIL FROM:<…> SMTPUTF8 (RFC 6531 §3.4)')).toEqual([
        'zoë@exämple.org',
      ]);
    });

    it('sendMail connects, sends and quits', async () => {
      const server = await startServer();
      const result = await sendMail(
        { port: server.port },
        { from: 'a@example.org', to: ['b@example.org'] },
        simpleMessage(),
      );
      expect(result.accepted, hint(3, 'the same result as send')).toEqual(['b@example.org']);
      expect(server.messages.length, hint(3, 'delivered')).toBe(1);
    });

    it('RSET answers 250', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      expect((await client.rset()).code, hint(3, 'RSET CRLF')).toBe(250);
    });
  });

  describe('the commands on the wire (RFC 5321 §4.1.1.2 – §4.1.1.4)', () => {
    async function transcript(
      extensions: string[],
      from: string,
      to: string[],
      message = simpleMessage(),
    ) {
      const peer = await fakeServer({ extensions });
      const client = await connect({ port: peer.port });
      await client.send({ from, to }, message);
      return { lines: peer.log.map((l) => l.line).slice(1), peer };
    }

    it('MAIL FROM:<…>, RCPT TO:<…> per recipient, DATA', async () => {
      const { lines } = await transcript([], 'a@example.org', ['b@example.org', 'c@example.org']);
      expect(lines, hint(3, 'no spaces after the colons, angle brackets always')).toEqual([
        'MAIL FROM:<a@example.org>',
        'RCPT TO:<b@example.org>',
        'RCPT TO:<c@example.org>',
        'DATA',
      ]);
    });

    it('MAIL FROM:<> for the null reverse-path', async () => {
      const { lines } = await transcript([], '', ['b@example.org']);
      expect(lines[0], hint(3, 'the empty path')).toBe('MAIL FROM:<>');
    });

    it('adds SIZE=<octets> when the server announced SIZE (RFC 1870 §6)', async () => {
      const message = simpleMessage('x'.repeat(100));
      const { lines } = await transcript(
        ['SIZE 100000'],
        'a@example.org',
        ['b@example.org'],
        message,
      );
      const size = encodeData(message).length - 3;
      expect(lines[0], hint(3, 'the size of the data sent, terminator excluded')).toBe(
        `MAIL FROM:<a@example.org> SIZE=${size}`,
      );
    });

    it('adds no SIZE parameter when SIZE was not announced', async () => {
      const { lines } = await transcript([], 'a@example.org', ['b@example.org']);
      expect(lines[0], hint(3, 'parameters only for announced extensions')).toBe(
        'MAIL FROM:<a@example.org>',
      );
    });

    it('adds BODY=8BITMIME for 8-bit data (RFC 6152 §3)', async () => {
      const { lines } = await transcript(
        ['8BITMIME'],
        'a@example.org',
        ['b@example.org'],
        'Subject: x\r\n\r\nçà\r\n',
      );
      expect(lines[0], hint(3, 'declare 8-bit data')).toBe(
        'MAIL FROM:<a@example.org> BODY=8BITMIME',
      );
    });

    it('adds no BODY parameter for 7-bit data', async () => {
      const { lines } = await transcript(['8BITMIME'], 'a@example.org', ['b@example.org']);
      expect(lines[0], hint(3, 'only for 8-bit data')).toBe('MAIL FROM:<a@example.org>');
    });

    it('adds SMTPUTF8 for a non-ASCII address (RFC 6531 §3.4)', async () => {
      const { lines } = await transcript(['SMTPUTF8'], 'a@example.org', [
        'δοκιμή@παράδειγμα.δοκιμή',
      ]);
      expect(lines.slice(0, 2), hint(3, 'the address goes as UTF-8')).toEqual([
        'MAIL FROM:<a@example.org> SMTPUTF8',
        'RCPT TO:<δοκιμή@παράδειγμα.δοκιμή>',
      ]);
    });

    it('sends the dot-stuffed data after the 354 and nothing else', async () => {
      const message = 'Subject: x\n\n.one\n..two\n';
      const { peer } = await transcript([], 'a@example.org', ['b@example.org'], message);
      expect(peer.data[0]?.toString(), hint(3, 'exactly encodeData(message)')).toBe(
        encodeData(message).toString(),
      );
      expect(unstuff(peer.data[0] as Buffer), hint(3, 'a receiver gets the text back')).toBe(
        'Subject: x\r\n\r\n.one\r\n..two\r\n',
      );
    });

    it('waits for the 354 before sending data', async () => {
      const peer = await fakeServer({
        reply: (line) => (line === 'DATA' ? '451 4.3.0 try later\r\n' : undefined),
      });
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send({ from: 'a@example.org', to: ['b@example.org'] }, simpleMessage()),
        SmtpError,
        'ERR_SMTP_DATA_REJECTED',
        hint(3, 'no 354, no data'),
      );
      expect(peer.data, hint(3, 'no message bytes after a refused DATA')).toEqual([]);
      expect(peer.log.at(-1)?.line, hint(3, 'RSET clears the transaction')).toBe('RSET');
    });

    it('sends "RSET" CRLF', async () => {
      const peer = await fakeServer();
      const client = await connect({ port: peer.port });
      await client.rset();
      expect(peer.log.at(-1)?.line, hint(3, 'RSET CRLF')).toBe('RSET');
    });

    it('sendMail says QUIT after a refusal too, and throws the refusal', async () => {
      const peer = await fakeServer({
        reply: (line) => (line.startsWith('MAIL') ? '550 5.7.1 not you\r\n' : undefined),
      });
      await expectRejectCode(
        sendMail({ port: peer.port }, { from: 'a@example.org', to: ['b@example.org'] }, 'x'),
        SmtpError,
        'ERR_SMTP_SENDER_REJECTED',
        hint(3, 'the refusal of send'),
      );
      expect(peer.log.at(-1)?.line, hint(3, 'QUIT all the same')).toBe('QUIT');
    });

    it('sendMail ends with QUIT', async () => {
      const peer = await fakeServer();
      await sendMail(
        { port: peer.port },
        { from: 'a@example.org', to: ['b@example.org'] },
        simpleMessage(),
      );
      expect(peer.log.at(-1)?.line, hint(3, 'QUIT after the transaction')).toBe('QUIT');
    });
  });
});
