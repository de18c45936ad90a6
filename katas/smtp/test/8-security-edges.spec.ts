import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { SmtpError } from '../src/index.ts';
import { connect, fakeServer, later, useSmtpHarness } from './helpers.ts';

useSmtpHarness();

describe('8. Security', () => {
  describe('a reply nobody asked for (the lesson of CVE-2011-0411)', () => {
    it('reports it on the next call, with the reply that came unasked', async () => {
      const peer = await fakeServer({
        reply: (line) => (line === 'NOOP' ? '250 ok\r\n354 3.0.0 go ahead\r\n' : undefined),
      });
      const client = await connect({ port: peer.port });
      await client.noop();
      await later(50);
      const error = await expectRejectCode(
        client.noop(),
        SmtpError,
        'ERR_SMTP_PROTOCOL',
        hint(8, 'the stale reply must not answer the next command'),
      );
      expect(error.reply, hint(8, 'say which reply came unasked: error.reply')).toEqual({
        code: 354,
        lines: ['3.0.0 go ahead'],
      });
    });
  });
});
