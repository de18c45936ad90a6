import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { SmtpError } from '../src/index.ts';
import { connect, fakeServer, simpleMessage, useSmtpHarness } from './helpers.ts';

useSmtpHarness();

describe('4. Refusals and timeouts', () => {
  describe('checks before MAIL, over every recipient', () => {
    it.each([
      ['last', ['bob@example.org', 'zoë@example.org']],
      ['first', ['zoë@example.org', 'bob@example.org']],
      ['between ASCII ones', ['a@example.org', 'zoë@example.org', 'c@example.org']],
    ])('fails with ERR_SMTP_UTF8_UNSUPPORTED when one UTF-8 recipient comes %s', async (_, to) => {
      const peer = await fakeServer({ extensions: ['8BITMIME'] });
      const client = await connect({ port: peer.port });
      const error = await expectRejectCode(
        client.send({ from: 'a@example.org', to }, simpleMessage()),
        SmtpError,
        'ERR_SMTP_UTF8_UNSUPPORTED',
        hint(4, 'RFC 6531 §3.2: any non-ASCII address needs SMTPUTF8, not only when all are'),
      );
      expect(error.message.length, hint(4, 'the message says why')).toBeGreaterThan(0);
      expect(
        peer.log.map((l) => l.line),
        hint(4, 'refuse before MAIL: nothing of the transaction is sent'),
      ).toEqual(['EHLO localhost']);
    });
  });
});
