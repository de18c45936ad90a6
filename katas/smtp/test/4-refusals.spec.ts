import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { SmtpClient, SmtpError } from '../src/index.ts';
import {
  connect,
  fakeServer,
  later,
  pause,
  refuse,
  simpleMessage,
  startServer,
  useSmtpHarness,
} from './helpers.ts';

useSmtpHarness();

const env = (...to: string[]) => ({ from: 'a@example.org', to });

describe('4. Refusals and timeouts', () => {
  describe('refusals from smtp-server', () => {
    it('reports refused recipients and delivers to the others', async () => {
      const server = await startServer({
        onRcptTo(address, _session, callback) {
          callback(
            address.address.startsWith('nobody') ? refuse(550, '5.1.1 no such user') : undefined,
          );
        },
      });
      const client = await connect({ port: server.port });
      const result = await client.send(
        env('x@example.org', 'nobody@example.org', 'y@example.org'),
        simpleMessage(),
      );
      expect(result.accepted, hint(4, 'a refused RCPT does not end the transaction')).toEqual([
        'x@example.org',
        'y@example.org',
      ]);
      expect(
        result.rejected.map((r) => [r.address, r.reply.code]),
        hint(4, 'each refusal with its reply'),
      ).toEqual([['nobody@example.org', 550]]);
      expect(server.messages[0]?.to, hint(4, 'the others got the message')).toEqual([
        'x@example.org',
        'y@example.org',
      ]);
    });

    it('keeps a temporary refusal (4yz) apart from the accepted', async () => {
      const server = await startServer({
        onRcptTo(address, _session, callback) {
          callback(
            address.address === 'later@example.org' ? refuse(450, '4.2.1 try again') : undefined,
          );
        },
      });
      const client = await connect({ port: server.port });
      const result = await client.send(
        env('later@example.org', 'now@example.org'),
        simpleMessage(),
      );
      expect(result.rejected[0]?.reply.code, hint(4, '450 is a refusal, for now')).toBe(450);
      expect(result.accepted, hint(4, 'the other one')).toEqual(['now@example.org']);
    });

    it('fails with ERR_SMTP_NO_RECIPIENTS when every RCPT is refused, listing them', async () => {
      const server = await startServer({
        onRcptTo(_address, _session, callback) {
          callback(refuse(550, '5.1.1 no such user'));
        },
      });
      const client = await connect({ port: server.port });
      const error = await expectRejectCode(
        client.send(env('x@example.org', 'y@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_NO_RECIPIENTS',
        hint(4, 'nobody to deliver to'),
      );
      expect(
        error.rejected?.map((r) => r.address),
        hint(4, 'the error lists the refusals'),
      ).toEqual(['x@example.org', 'y@example.org']);
      expect(server.messages, hint(4, 'no message')).toEqual([]);
    });

    it('fails with ERR_SMTP_SENDER_REJECTED when MAIL is refused', async () => {
      const server = await startServer({
        onMailFrom(_address, _session, callback) {
          callback(refuse(553, '5.7.1 sender not allowed'));
        },
      });
      const client = await connect({ port: server.port });
      const error = await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_SENDER_REJECTED',
        hint(4, 'MAIL got 553'),
      );
      expect(error.reply?.code, hint(4, 'carry the reply')).toBe(553);
    });

    it('fails with ERR_SMTP_DATA_REJECTED when the message is refused after the dot', async () => {
      const server = await startServer({ accept: () => refuse(554, '5.7.1 spam') });
      const client = await connect({ port: server.port });
      const error = await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_DATA_REJECTED',
        hint(4, 'the final reply is 554'),
      );
      expect(error.reply?.code, hint(4, 'carry the reply')).toBe(554);
    });

    it('keeps the session usable after a refusal', async () => {
      let first = true;
      const server = await startServer({
        onMailFrom(_address, _session, callback) {
          const no = first;
          first = false;
          callback(no ? refuse(451, '4.3.0 later') : undefined);
        },
      });
      const client = await connect({ port: server.port });
      await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_SENDER_REJECTED',
        hint(4, 'first refused'),
      );
      const result = await client.send(env('x@example.org'), simpleMessage());
      expect(result.accepted, hint(4, 'a refusal does not end the session')).toEqual([
        'x@example.org',
      ]);
      expect(server.connections(), hint(4, 'the same connection')).toBe(1);
    });

    it('keeps the session usable after every recipient was refused', async () => {
      const server = await startServer({
        onRcptTo(address, _session, callback) {
          callback(address.address.startsWith('no') ? refuse(550, 'no') : undefined);
        },
      });
      const client = await connect({ port: server.port });
      await expectRejectCode(
        client.send(env('no@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_NO_RECIPIENTS',
        hint(4, 'all refused'),
      );
      const result = await client.send(env('yes@example.org'), simpleMessage());
      expect(server.messages[0]?.to, hint(4, 'RSET cleared the first transaction')).toEqual([
        'yes@example.org',
      ]);
      expect(result.accepted, hint(4, 'the next transaction works')).toEqual(['yes@example.org']);
    });

    it('fails with ERR_SMTP_MESSAGE_TOO_LARGE before MAIL when the message exceeds SIZE', async () => {
      const server = await startServer({ size: 100 });
      const client = await connect({ port: server.port });
      await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage('x'.repeat(200))),
        SmtpError,
        'ERR_SMTP_MESSAGE_TOO_LARGE',
        hint(4, 'compare with extensions.size'),
      );
      const result = await client.send(env('x@example.org'), simpleMessage('small'));
      expect(result.accepted, hint(4, 'nothing was sent, the session goes on')).toEqual([
        'x@example.org',
      ]);
    });

    it('sends a message of exactly SIZE octets', async () => {
      const message = `Subject: x\r\n\r\n${'y'.repeat(100)}\r\n`;
      const server = await startServer({ size: Buffer.byteLength(message) });
      const client = await connect({ port: server.port });
      const result = await client.send(env('x@example.org'), message);
      expect(result.reply.code, hint(4, 'the limit itself is allowed')).toBe(250);
    });

    it('fails with ERR_SMTP_NO_RECIPIENTS for an empty recipient list, sending nothing', async () => {
      const peer = await fakeServer();
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send(env(), simpleMessage()),
        SmtpError,
        'ERR_SMTP_NO_RECIPIENTS',
        hint(4, 'check before MAIL'),
      );
      expect(
        peer.log.map((l) => l.line.split(':')[0]),
        hint(4, 'no MAIL'),
      ).not.toContain('MAIL FROM');
    });
  });

  describe('refusals on the wire', () => {
    it('accepts a recipient with 251 (user not local; will forward)', async () => {
      const peer = await fakeServer({
        reply: (line) =>
          line.startsWith('RCPT TO:<far@') ? '251 2.1.5 will forward\r\n' : undefined,
      });
      const client = await connect({ port: peer.port });
      const result = await client.send(env('far@example.net', 'x@example.org'), simpleMessage());
      expect(result.accepted, hint(4, '251 accepts a recipient as 250 does')).toEqual([
        'far@example.net',
        'x@example.org',
      ]);
      expect(result.rejected, hint(4, 'nobody refused')).toEqual([]);
    });

    it('fails with ERR_SMTP_DATA_REJECTED when DATA is refused, sends no data, resets', async () => {
      let refused = false;
      const peer = await fakeServer({
        reply: (line) => {
          if (line !== 'DATA' || refused) return undefined;
          refused = true;
          return '451 4.3.0 try again later\r\n';
        },
      });
      const client = await connect({ port: peer.port });
      const error = await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_DATA_REJECTED',
        hint(4, 'DATA got 451, not 354'),
      );
      expect(error.reply?.code, hint(4, 'carry the reply')).toBe(451);
      expect(
        peer.log.map((l) => l.line.split(/[ :]/)[0]),
        hint(4, 'no data after a refused DATA, then RSET'),
      ).toEqual(['EHLO', 'MAIL', 'RCPT', 'DATA', 'RSET']);
      const result = await client.send(env('x@example.org'), simpleMessage('again'));
      expect(result.reply.code, hint(4, 'the session is still usable')).toBe(250);
      expect(peer.data.length, hint(4, 'one data section: the second message')).toBe(1);
    });
  });

  describe('what the server does not support', () => {
    it('fails with ERR_SMTP_8BIT_UNSUPPORTED for 8-bit data without 8BITMIME', async () => {
      const peer = await fakeServer();
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send(env('x@example.org'), 'Subject: x\r\n\r\nnaïve\r\n'),
        SmtpError,
        'ERR_SMTP_8BIT_UNSUPPORTED',
        hint(4, 'RFC 6152: no 8-bit data to a 7-bit server'),
      );
      expect(peer.log.length, hint(4, 'refuse before MAIL')).toBe(1);
    });

    it('fails with ERR_SMTP_UTF8_UNSUPPORTED for a UTF-8 address without SMTPUTF8', async () => {
      const peer = await fakeServer({ extensions: ['8BITMIME'] });
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send(env('zoë@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_UTF8_UNSUPPORTED',
        hint(4, 'RFC 6531 §3.2'),
      );
    });

    it('fails with ERR_SMTP_UTF8_UNSUPPORTED for a UTF-8 sender', async () => {
      const server = await startServer({ hideSMTPUTF8: true } as never);
      const client = await connect({ port: server.port });
      await expectRejectCode(
        client.send({ from: 'zoë@example.org', to: ['b@example.org'] }, simpleMessage()),
        SmtpError,
        'ERR_SMTP_UTF8_UNSUPPORTED',
        hint(4, 'the reverse-path too'),
      );
    });
  });

  describe('a server that goes away', () => {
    it('fails with ERR_SMTP_CONNECTION when the server closes mid-transaction', async () => {
      const peer = await fakeServer({
        reply: (line, p) => {
          if (line.startsWith('RCPT')) p.drop();
          return line.startsWith('RCPT') ? '' : undefined;
        },
      });
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_CONNECTION',
        hint(4, 'a closed socket fails what waits'),
      );
    });

    it('is closed after the connection was lost', async () => {
      const peer = await fakeServer({
        reply: (line, p) => {
          if (line.startsWith('MAIL')) p.drop();
          return line.startsWith('MAIL') ? '' : undefined;
        },
      });
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_CONNECTION',
        hint(4, 'lost'),
      );
      await expectRejectCode(client.noop(), SmtpError, 'ERR_SMTP_CLOSED', hint(4, 'then closed'));
    });

    it('reports a connection lost while idle to the next call, then ERR_SMTP_CLOSED', async () => {
      const peer = await fakeServer();
      const client = await connect({ port: peer.port });
      peer.drop();
      await later(50);
      await expectRejectCode(
        client.noop(),
        SmtpError,
        'ERR_SMTP_CONNECTION',
        hint(4, 'the next call learns why the session ended'),
      );
      await expectRejectCode(
        client.noop(),
        SmtpError,
        'ERR_SMTP_CLOSED',
        hint(4, 'once: after that, the session is closed'),
      );
    });

    it('fails with ERR_SMTP_CONNECTION when the server resets the connection, with the cause', async () => {
      const peer = await fakeServer({
        reply: (line, p) => {
          if (!line.startsWith('MAIL')) return undefined;
          p.reset();
          return '';
        },
      });
      const client = await connect({ port: peer.port });
      const error = await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_CONNECTION',
        hint(4, 'a reset fails what waits'),
      );
      expect(
        (error.cause as NodeJS.ErrnoException | undefined)?.code,
        hint(4, 'keep the socket error as the cause: it says what happened'),
      ).toBe('ECONNRESET');
    });

    it('fails with ERR_SMTP_PROTOCOL on a broken reply mid-session', async () => {
      const peer = await fakeServer({
        reply: (line) => (line.startsWith('MAIL') ? 'OK then\r\n' : undefined),
      });
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_PROTOCOL',
        hint(4, 'the parser error reaches the caller'),
      );
    });

    it('fails with ERR_SMTP_PROTOCOL on a multiline reply that changes its code', async () => {
      const peer = await fakeServer({
        reply: (line) =>
          line.startsWith('EHLO') ? '250-fake.test\r\n550 PIPELINING\r\n' : undefined,
      });
      await expectRejectCode(
        SmtpClient.connect({ port: peer.port }),
        SmtpError,
        'ERR_SMTP_PROTOCOL',
        hint(4, 'a broken multiline EHLO reply'),
      );
    });
  });

  describe('timeouts (RFC 5321 §4.5.3.2), configurable', () => {
    const silentOn = (verb: string) =>
      fakeServer({
        reply: (line) =>
          line.split(/[ :]/)[0] === verb || (verb === '.' && line === '.') ? '' : undefined,
      });

    it('times out waiting for the greeting', async () => {
      const peer = await fakeServer({ greeting: '' });
      await expectRejectCode(
        SmtpClient.connect({ port: peer.port, timeouts: { greeting: 150 } }),
        SmtpError,
        'ERR_SMTP_TIMEOUT',
        hint(4, 'timeouts.greeting'),
      );
    });

    it('times out waiting for the EHLO reply', async () => {
      const peer = await silentOn('EHLO');
      await expectRejectCode(
        SmtpClient.connect({ port: peer.port, timeouts: { command: 150 } }),
        SmtpError,
        'ERR_SMTP_TIMEOUT',
        hint(4, 'timeouts.command'),
      );
    });

    it('times out waiting for the MAIL reply', async () => {
      const peer = await silentOn('MAIL');
      const client = await connect({ port: peer.port, timeouts: { mail: 150 } });
      await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_TIMEOUT',
        hint(4, 'timeouts.mail'),
      );
    });

    it('times out waiting for a RCPT reply (smtp-server that stalls)', async () => {
      const server = await startServer({
        onRcptTo(_address, _session, callback) {
          later(2000).then(() => callback());
        },
      });
      const client = await connect({ port: server.port, timeouts: { rcpt: 150 } });
      await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_TIMEOUT',
        hint(4, 'timeouts.rcpt'),
      );
    });

    it('times out waiting for the 354', async () => {
      const peer = await silentOn('DATA');
      const client = await connect({ port: peer.port, timeouts: { dataInit: 150 } });
      await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_TIMEOUT',
        hint(4, 'timeouts.dataInit'),
      );
    });

    it('times out waiting for the reply to the final dot', async () => {
      const peer = await silentOn('.');
      const client = await connect({ port: peer.port, timeouts: { dataEnd: 150 } });
      await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_TIMEOUT',
        hint(4, 'timeouts.dataEnd'),
      );
    });

    /** 8 MiB: more than the socket buffers of both ends hold, so the write has to wait. */
    const huge = () => `Subject: big\r\n\r\n${`${'z'.repeat(998)}\r\n`.repeat(8 * 1024)}`;
    const stallsAfter354 = () =>
      fakeServer({
        reply: (line, p) => {
          if (line === 'DATA') p.stopReading();
          return undefined;
        },
      });

    it('times out when the server stops reading the data (timeouts.dataBlock)', async () => {
      const peer = await stallsAfter354();
      const client = await connect({ port: peer.port, timeouts: { dataBlock: 200 } });
      await expectRejectCode(
        client.send(env('x@example.org'), huge()),
        SmtpError,
        'ERR_SMTP_TIMEOUT',
        hint(4, 'timeouts.dataBlock: a write that cannot drain'),
      );
      await expectRejectCode(client.noop(), SmtpError, 'ERR_SMTP_CLOSED', hint(4, 'then closed'));
    });

    it('fails with ERR_SMTP_CONNECTION when the server hangs up while the data waits to drain', async () => {
      const peer = await fakeServer({
        reply: (line, p) => {
          if (line !== 'DATA') return undefined;
          p.stopReading();
          void later(100).then(() => p.drop());
          return undefined;
        },
      });
      const client = await connect({ port: peer.port, timeouts: { dataBlock: 10_000 } });
      await expectRejectCode(
        client.send(env('x@example.org'), huge()),
        SmtpError,
        'ERR_SMTP_CONNECTION',
        hint(4, 'a closed socket fails the write that waits, at once'),
      );
    });

    it('sends a message larger than the socket buffers to a server that reads it', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port, timeouts: { dataBlock: 5000 } });
      const message = huge();
      const result = await client.send(env('x@example.org'), message);
      expect(result.reply.code, hint(4, 'wait for drain, then for the reply')).toBe(250);
      expect(server.messages[0]?.raw.length, hint(4, 'every byte arrived')).toBe(
        Buffer.byteLength(message),
      );
    });

    it('uses each timeout for its own step: a slow RCPT within timeouts.rcpt is fine', async () => {
      const peer = await fakeServer({
        reply: (line) => (line.startsWith('RCPT') ? pause(250) : undefined),
      });
      const client = await connect({
        port: peer.port,
        timeouts: { rcpt: 2000, mail: 100, command: 100, dataInit: 100 },
      });
      const result = await client.send(env('x@example.org'), simpleMessage());
      expect(result.accepted, hint(4, 'a 250 ms RCPT is within its 2 s')).toEqual([
        'x@example.org',
      ]);
    });

    it('times a reply from when its command was sent, not from the start of the session', async () => {
      const peer = await fakeServer({
        reply: (line) => (line.startsWith('MAIL') ? pause(120) : undefined),
      });
      const client = await connect({ port: peer.port, timeouts: { mail: 200 } });
      await later(150);
      const result = await client.send(env('x@example.org'), simpleMessage());
      expect(result.reply.code, hint(4, 'the idle time before MAIL does not count')).toBe(250);
    });

    it('times a reply as a whole: bytes that trickle in do not extend its deadline', async () => {
      const reply = '250 2.1.0 sender ok, slowly\r\n';
      const peer = await fakeServer({
        reply: (line, p) => {
          if (!line.startsWith('MAIL')) return undefined;
          void (async () => {
            for (const ch of reply) {
              await later(40);
              p.write(ch);
            }
          })();
          return '';
        },
      });
      const client = await connect({ port: peer.port, timeouts: { mail: 300 } });
      await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_TIMEOUT',
        hint(4, 'a deadline per reply, not per byte: or one byte every minute keeps a session'),
      );
    });

    it('closes the session after a timeout', async () => {
      const peer = await silentOn('MAIL');
      const client = await connect({ port: peer.port, timeouts: { mail: 100 } });
      await expectRejectCode(
        client.send(env('x@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_TIMEOUT',
        hint(4, 'timed out'),
      );
      await expectRejectCode(
        client.noop(),
        SmtpError,
        'ERR_SMTP_CLOSED',
        hint(4, 'a late reply could be mistaken for the next one: close'),
      );
      await later(50);
      expect(peer.connections(), hint(4, 'one connection')).toBe(1);
    });
  });
});
