import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { SmtpError } from '../src/index.ts';
import {
  connect,
  fakeServer,
  pause,
  refuse,
  simpleMessage,
  startServer,
  useSmtpHarness,
} from './helpers.ts';

useSmtpHarness();

const env = (...to: string[]) => ({ from: 'a@example.org', to });
const verbs = (log: Array<{ line: string }>) => log.map((l) => l.line.split(/[ :]/)[0]);

describe('5. Pipelining', () => {
  describe('when the server announces PIPELINING (RFC 2920 §3.1)', () => {
    it('sends MAIL, every RCPT and DATA before reading their replies', async () => {
      const peer = await fakeServer({ extensions: ['PIPELINING'] });
      const client = await connect({ port: peer.port });
      await client.send(env('b@example.org', 'c@example.org'), simpleMessage());
      const group = peer.log.slice(1, 5);
      expect(verbs(group), hint(5, 'MAIL, RCPT, RCPT, DATA')).toEqual([
        'MAIL',
        'RCPT',
        'RCPT',
        'DATA',
      ]);
      expect(
        group.map((l) => l.repliesBefore),
        hint(5, 'all four arrived before the server answered MAIL (greeting + EHLO = 2 replies)'),
      ).toEqual([2, 2, 2, 2]);
    });

    it('still waits for the 354 before the data', async () => {
      const peer = await fakeServer({
        extensions: ['PIPELINING'],
        reply: (line) => (line === 'DATA' ? pause(80) : undefined),
      });
      const client = await connect({ port: peer.port });
      await client.send(env('b@example.org'), simpleMessage());
      expect(peer.data.length, hint(5, 'DATA ends the group: the data waits for 354')).toBe(1);
      expect(peer.data[0]?.toString(), hint(5, 'data intact')).toBe(`${simpleMessage()}.\r\n`);
    });

    it('matches replies to commands in order: the second recipient refused', async () => {
      const peer = await fakeServer({
        extensions: ['PIPELINING'],
        reply: (line) =>
          line === 'RCPT TO:<no@example.org>' ? '550 5.1.1 unknown\r\n' : undefined,
      });
      const client = await connect({ port: peer.port });
      const result = await client.send(
        env('yes@example.org', 'no@example.org', 'also@example.org'),
        simpleMessage(),
      );
      expect(result.accepted, hint(5, 'the n-th RCPT reply belongs to the n-th RCPT')).toEqual([
        'yes@example.org',
        'also@example.org',
      ]);
      expect(
        result.rejected.map((r) => r.address),
        hint(5, 'in order'),
      ).toEqual(['no@example.org']);
    });

    it('reads replies that arrive in one chunk', async () => {
      let held = '';
      const peer = await fakeServer({
        extensions: ['PIPELINING'],
        reply: (line) => {
          if (line.startsWith('MAIL') || line.startsWith('RCPT')) {
            held += '250 ok\r\n';
            return '';
          }
          if (line === 'DATA') {
            const all = `${held}354 go\r\n`;
            held = '';
            return all;
          }
          return undefined;
        },
      });
      const client = await connect({ port: peer.port });
      const result = await client.send(env('b@example.org', 'c@example.org'), simpleMessage());
      expect(result.accepted, hint(5, 'four replies in one read')).toEqual([
        'b@example.org',
        'c@example.org',
      ]);
    });

    it('does not send the data when every recipient was refused, and resets', async () => {
      const peer = await fakeServer({
        extensions: ['PIPELINING'],
        reply: (line) =>
          line.startsWith('RCPT')
            ? '550 no\r\n'
            : line === 'DATA'
              ? '554 5.5.1 no valid recipients\r\n'
              : undefined,
      });
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send(env('b@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_NO_RECIPIENTS',
        hint(5, 'DATA got 554'),
      );
      expect(peer.data, hint(5, 'no data')).toEqual([]);
      expect(peer.log.at(-1)?.line, hint(5, 'RSET after the failed group')).toBe('RSET');
    });

    it('ends a 354 given to no recipient with an empty message (RFC 2920 §3.1)', async () => {
      const peer = await fakeServer({
        extensions: ['PIPELINING'],
        reply: (line) =>
          line.startsWith('RCPT')
            ? '550 no\r\n'
            : line === '.'
              ? '554 no valid recipients\r\n'
              : undefined,
      });
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send(env('b@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_NO_RECIPIENTS',
        hint(5, 'all refused'),
      );
      expect(peer.data.map(String), hint(5, 'only the terminator, never the message')).toEqual([
        '.\r\n',
      ]);
    });

    it('reports a refused sender even though RCPT and DATA were already sent', async () => {
      const peer = await fakeServer({
        extensions: ['PIPELINING'],
        reply: (line) =>
          line.startsWith('MAIL')
            ? '550 5.7.1 no\r\n'
            : line.startsWith('RCPT') || line === 'DATA'
              ? '503 5.5.1 need MAIL\r\n'
              : undefined,
      });
      const client = await connect({ port: peer.port });
      const error = await expectRejectCode(
        client.send(env('b@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_SENDER_REJECTED',
        hint(5, 'the first reply decides'),
      );
      expect(error.reply?.code, hint(5, "MAIL's reply, not the 503s")).toBe(550);
      expect(
        (await client.noop()).code,
        hint(5, 'every reply of the group was read: the next one is NOOP’s'),
      ).toBe(250);
    });

    it('pipelines against smtp-server and delivers', async () => {
      const server = await startServer({
        onRcptTo(address, _session, callback) {
          callback(address.address.startsWith('no') ? refuse(550, 'no') : undefined);
        },
      });
      const client = await connect({ port: server.port });
      const result = await client.send(
        env('a1@example.org', 'no@example.org', 'a2@example.org'),
        simpleMessage(),
      );
      expect(
        [result.accepted, result.rejected.map((r) => r.address)],
        hint(5, 'the same result as without pipelining'),
      ).toEqual([['a1@example.org', 'a2@example.org'], ['no@example.org']]);
      expect(server.messages[0]?.to, hint(5, 'delivered')).toEqual([
        'a1@example.org',
        'a2@example.org',
      ]);
    });

    it('does not pipeline when told not to', async () => {
      const peer = await fakeServer({ extensions: ['PIPELINING'] });
      const client = await connect({ port: peer.port, pipelining: false });
      await client.send(env('b@example.org'), simpleMessage());
      const befores = peer.log.slice(1, 4).map((l) => l.repliesBefore);
      expect(befores, hint(5, 'options.pipelining false: one command, one reply')).toEqual([
        2, 3, 4,
      ]);
    });
  });

  describe('when the server does not announce PIPELINING', () => {
    it('waits for each reply before the next command', async () => {
      const peer = await fakeServer({
        reply: (line) =>
          line.startsWith('MAIL') || line.startsWith('RCPT') ? pause(30) : undefined,
      });
      const client = await connect({ port: peer.port });
      await client.send(env('b@example.org', 'c@example.org'), simpleMessage());
      expect(
        peer.log.slice(1, 5).map((l) => l.repliesBefore),
        hint(5, 'lock-step: each command after the previous reply'),
      ).toEqual([2, 3, 4, 5]);
    });

    it('does not send RCPT after a refused MAIL', async () => {
      const peer = await fakeServer({
        reply: (line) => (line.startsWith('MAIL') ? '550 no\r\n' : undefined),
      });
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send(env('b@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_SENDER_REJECTED',
        hint(5, 'stop at MAIL'),
      );
      expect(verbs(peer.log), hint(5, 'no RCPT, no DATA')).toEqual(['EHLO', 'MAIL']);
    });

    it('does not send DATA when every recipient was refused', async () => {
      const peer = await fakeServer({
        reply: (line) => (line.startsWith('RCPT') ? '550 no\r\n' : undefined),
      });
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send(env('b@example.org', 'c@example.org'), simpleMessage()),
        SmtpError,
        'ERR_SMTP_NO_RECIPIENTS',
        hint(5, 'nobody left'),
      );
      expect(verbs(peer.log), hint(5, 'RSET instead of DATA')).toEqual([
        'EHLO',
        'MAIL',
        'RCPT',
        'RCPT',
        'RSET',
      ]);
    });
  });
});
