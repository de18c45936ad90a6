import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { SmtpError } from '../src/index.ts';
import { connect, fakeServer, simpleMessage, useSmtpHarness } from './helpers.ts';

useSmtpHarness();

describe('5. Pipelining', () => {
  describe('a refused MAIL whose DATA got a 354 anyway (RFC 2920 §3.1)', () => {
    it('ends the data with an empty message, never the message, and goes on', async () => {
      const peer = await fakeServer({
        extensions: ['PIPELINING'],
        reply: (line) =>
          line.startsWith('MAIL')
            ? '550 5.7.1 sender refused\r\n'
            : line === '.'
              ? '554 5.5.1 no transaction\r\n'
              : undefined,
      });
      const client = await connect({ port: peer.port });
      const error = await expectRejectCode(
        client.send({ from: 'a@example.org', to: ['b@example.org'] }, simpleMessage()),
        SmtpError,
        'ERR_SMTP_SENDER_REJECTED',
        hint(5, "MAIL's refusal decides, after the group's replies are read"),
      );
      expect(error.reply?.code, hint(5, "the error carries MAIL's reply")).toBe(550);
      expect(
        peer.data.map(String),
        hint(5, 'a 354 is owed an end of data: "." CRLF alone, never the message'),
      ).toEqual(['.\r\n']);
      expect(
        (await client.noop()).code,
        hint(5, 'the data section is closed: NOOP is read as a command and gets its own reply'),
      ).toBe(250);
      expect(peer.log.at(-1)?.line, hint(5, 'NOOP went out as a command')).toBe('NOOP');
    });
  });
});
