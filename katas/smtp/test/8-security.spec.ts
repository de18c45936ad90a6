import { expectCode, expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  composeMessage,
  encodeData,
  foldHeader,
  type MessageInput,
  SmtpClient,
  SmtpError,
} from '../src/index.ts';
import {
  connect,
  fakeServer,
  later,
  simpleMessage,
  startServer,
  unstuff,
  useSmtpHarness,
} from './helpers.ts';

useSmtpHarness();

const base: MessageInput = {
  from: 'alice@example.org',
  to: ['bob@example.net'],
  subject: 'Hi',
  text: 'x',
};

/** Every CR and LF of `bytes` belongs to a CRLF pair. */
function onlyCrlf(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) return false;
    if (bytes[i] === 0x0a && bytes[i - 1] !== 0x0d) return false;
  }
  return true;
}

const SMUGGLED = [
  [
    '<LF>.<LF>',
    'Subject: hi\r\n\r\nhello\n.\nMAIL FROM:<admin@example.org>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\nSubject: spoofed\r\n\r\nbad\r\n',
  ],
  ['<LF>.<CR><LF>', 'Subject: hi\r\n\r\nhello\n.\r\nMAIL FROM:<admin@example.org>\r\n'],
  ['<CR><LF>.<LF>', 'Subject: hi\r\n\r\nhello\r\n.\nMAIL FROM:<admin@example.org>\r\n'],
  ['<CR>.<CR>', 'Subject: hi\r\n\r\nhello\r.\rMAIL FROM:<admin@example.org>\r\n'],
  [
    '<CR><LF>.<CR> (a bare CR after the dot)',
    'Subject: hi\r\n\r\nhello\r\n.\rMAIL FROM:<admin@example.org>\r\n',
  ],
  ['a lone dot line in CRLF', 'Subject: hi\r\n\r\nhello\r\n.\r\nMAIL FROM:<admin@example.org>\r\n'],
] as const;

describe('8. Security', () => {
  describe('SMTP smuggling (CVE-2023-51764, CVE-2023-51765, CVE-2023-51766): the client side', () => {
    it.each(SMUGGLED)('sends %s with no bare CR or LF and one end of data', async (_, message) => {
      const peer = await fakeServer();
      const client = await connect({ port: peer.port });
      await client.send({ from: 'a@example.org', to: ['b@example.org'] }, message);
      const data = peer.data[0] as Buffer;
      expect(
        onlyCrlf(data),
        hint(
          8,
          'CR and LF only as CRLF (RFC 5321 §2.3.8): no server can read a bare one as a line end',
        ),
      ).toBe(true);
      expect(data.indexOf('\r\n.\r\n'), hint(8, 'the only CRLF.CRLF is the terminator')).toBe(
        data.length - 5,
      );
      expect(
        peer.log.filter((l) => l.line.startsWith('MAIL')).length,
        hint(8, 'the server saw one transaction'),
      ).toBe(1);
    });

    it('delivers a smuggling attempt to smtp-server as one message', async () => {
      const server = await startServer();
      const client = await connect({ port: server.port });
      await client.send({ from: 'a@example.org', to: ['b@example.org'] }, SMUGGLED[0][1]);
      await later(50);
      expect(server.messages.length, hint(8, 'no second message hides inside the first')).toBe(1);
      expect(
        server.messages[0]?.raw.toString(),
        hint(8, 'the would-be commands are text in the body'),
      ).toContain('MAIL FROM:<admin@example.org>');
    });

    it('encodeData leaves no way out of the data for any mix of CR, LF and dots', () => {
      const pieces = ['\r', '\n', '.', 'a', '\r\n'];
      for (let n = 0; n < 5 ** 5; n++) {
        let text = '';
        for (let k = 0, m = n; k < 5; k++, m = Math.floor(m / 5)) text += pieces[m % 5];
        const bytes = encodeData(text);
        const end = bytes.length === 3 ? -1 : bytes.length - 5;
        if (!onlyCrlf(bytes) || bytes.indexOf('\r\n.\r\n') !== end) {
          expect.fail(
            `${hint(8, 'normalize line ends before stuffing')}: ${JSON.stringify(text)} → ${JSON.stringify(bytes.toString())}`,
          );
        }
      }
      expect(unstuff(encodeData('.\r\n.')), hint(8, 'and the receiver gets the lines back')).toBe(
        '.\r\n.\r\n',
      );
    });
  });

  describe('command injection through the envelope (CRLF in an address)', () => {
    it.each([
      [
        'CRLF and a second command in the sender',
        { from: 'a@example.org>\r\nRCPT TO:<victim@example.org', to: ['b@example.org'] },
      ],
      ['CRLF in a recipient', { from: 'a@example.org', to: ['b@example.org>\r\nDATA'] }],
      ['a bare LF in a recipient', { from: 'a@example.org', to: ['b@example.org\nRSET'] }],
      ['a bare CR in the sender', { from: 'a@example.org\rRSET', to: ['b@example.org'] }],
      [
        '">" and a parameter (SIZE=, BODY=, NOTIFY=)',
        { from: 'a@example.org> SIZE=1', to: ['b@example.org'] },
      ],
      ['"<" in a recipient', { from: 'a@example.org', to: ['<b@example.org'] }],
      ['a NUL', { from: 'a@example.org\0', to: ['b@example.org'] }],
      ['a space', { from: 'a@example.org', to: ['b@example.org NOTIFY=NEVER'] }],
      ['an empty recipient', { from: 'a@example.org', to: [''] }],
      [
        'an address over 254 octets (RFC 5321 §4.5.3.1.3)',
        { from: 'a@example.org', to: [`${'x'.repeat(250)}@example.org`] },
      ],
      [
        'a sender of 255 octets in UTF-8 (134 characters)',
        { from: `${'é'.repeat(121)}x@example.org`, to: ['b@example.org'] },
      ],
      [
        'a recipient that is not a string (a caller in plain JavaScript)',
        { from: 'a@example.org', to: [42 as unknown as string] },
      ],
      [
        'a sender that is not a string',
        { from: undefined as unknown as string, to: ['b@example.org'] },
      ],
    ])('refuses %s before sending anything', async (_, envelope) => {
      const peer = await fakeServer({ extensions: ['PIPELINING', 'SMTPUTF8', '8BITMIME'] });
      const client = await connect({ port: peer.port });
      await expectRejectCode(
        client.send(envelope, simpleMessage()),
        SmtpError,
        'ERR_SMTP_INVALID_ADDRESS',
        hint(8, 'no control characters, spaces or angle brackets in a path'),
      );
      expect(
        peer.log.map((l) => l.line),
        hint(8, 'not one command of the transaction was sent'),
      ).toEqual(['EHLO localhost']);
    });

    it('sends an address of exactly 254 octets', async () => {
      const peer = await fakeServer({ extensions: ['SMTPUTF8'] });
      const client = await connect({ port: peer.port });
      const longest = `${'x'.repeat(242)}@example.org`;
      const result = await client.send(
        { from: `${'é'.repeat(121)}@example.org`, to: [longest] },
        simpleMessage(),
      );
      expect(result.accepted, hint(8, 'the limit itself is allowed')).toEqual([longest]);
    });

    it('refuses an EHLO name with CRLF (nodemailer GHSA-vvjj-xcjg-gr5g)', async () => {
      const peer = await fakeServer();
      await expectRejectCode(
        SmtpClient.connect({
          port: peer.port,
          name: 'client.example\r\nMAIL FROM:<x@example.org>',
        }),
        SmtpError,
        'ERR_SMTP_INVALID_ADDRESS',
        hint(8, 'the name lands in the EHLO command line'),
      );
      await later(30);
      expect(
        peer.log.map((l) => l.line),
        hint(8, 'nothing injected'),
      ).toEqual([]);
    });
  });

  describe('header injection (CVE-2021-23400: nodemailer address objects with CR/LF)', () => {
    it.each([
      [
        'an address with CRLF',
        { ...base, to: [{ name: 'Bob', address: 'bob@example.net\r\nBcc: spy@example.org' }] },
        'ERR_SMTP_INVALID_ADDRESS',
      ],
      [
        'a Reply-To address with LF',
        { ...base, replyTo: { address: 'r@example.org\nBcc: spy@example.org' } },
        'ERR_SMTP_INVALID_ADDRESS',
      ],
      [
        'a From string with CRLF',
        { ...base, from: 'alice@example.org\r\nBcc: spy@example.org' },
        'ERR_SMTP_INVALID_ADDRESS',
      ],
      [
        'a display name with CRLF',
        { ...base, to: [{ name: 'Bob\r\nBcc: spy@example.org', address: 'bob@example.net' }] },
        'ERR_SMTP_INVALID_HEADER',
      ],
      [
        'a subject with CRLF',
        { ...base, subject: 'Hi\r\nBcc: spy@example.org' },
        'ERR_SMTP_INVALID_HEADER',
      ],
      [
        'a subject with a bare LF',
        { ...base, subject: 'Hi\nBcc: spy@example.org' },
        'ERR_SMTP_INVALID_HEADER',
      ],
      [
        'a subject with a bare CR',
        { ...base, subject: 'Hi\rBcc: spy@example.org' },
        'ERR_SMTP_INVALID_HEADER',
      ],
      [
        'an extra header value with CRLF',
        { ...base, headers: { 'X-Tag': 'a\r\nBcc: spy@example.org' } },
        'ERR_SMTP_INVALID_HEADER',
      ],
      [
        'an extra header name with CRLF',
        { ...base, headers: { 'X-Tag\r\nBcc': 'spy@example.org' } },
        'ERR_SMTP_INVALID_HEADER',
      ],
      [
        'an extra header name with a colon',
        { ...base, headers: { 'Bcc: spy@example.org\r\nX': 'y' } },
        'ERR_SMTP_INVALID_HEADER',
      ],
      [
        'a Message-ID with CRLF',
        { ...base, messageId: '<a@example.org>\r\nBcc: spy@example.org' },
        'ERR_SMTP_INVALID_HEADER',
      ],
    ] as Array<[string, MessageInput, string]>)('refuses %s', (_, input, code) => {
      expectCode(
        () => composeMessage(input),
        SmtpError,
        code,
        hint(8, 'refuse, do not strip: the caller has a bug to fix'),
      );
    });

    it('refuses CR/LF in foldHeader itself', () => {
      expectCode(
        () => foldHeader('Subject', 'a\r\n b'),
        SmtpError,
        'ERR_SMTP_INVALID_HEADER',
        hint(8, 'folding is foldHeader’s job, not the caller’s'),
      );
    });

    it('keeps a display name that holds an address a name (no second mailbox)', async () => {
      const parsed = await simpleParser(
        composeMessage({
          ...base,
          from: { name: 'ceo@bank.example <ceo@bank.example>', address: 'attacker@evil.example' },
        }),
      );
      expect(
        parsed.from?.value,
        hint(8, 'quote a name with specials: a reader sees one mailbox'),
      ).toEqual([
        { name: 'ceo@bank.example <ceo@bank.example>', address: 'attacker@evil.example' },
      ]);
    });

    it('encodes a subject that looks like an encoded word, so readers show it as typed', async () => {
      const subject = `=?UTF-8?B?${Buffer.from('Your bank').toString('base64')}?=`;
      const parsed = await simpleParser(composeMessage({ ...base, subject }));
      expect(parsed.subject, hint(8, 'a value with "=?" goes out encoded')).toBe(subject);
    });

    it('sends no Bcc field: blind recipients belong in the envelope only', () => {
      const message = composeMessage({ ...base, cc: ['c@example.org'] });
      expect(
        message.toLowerCase(),
        hint(8, 'RFC 5322 §3.6.3: Bcc is for the envelope'),
      ).not.toContain('bcc:');
    });
  });

  describe('replies nobody asked for (the response-injection lesson of CVE-2011-0411)', () => {
    it('refuses a greeting followed at once by a reply to a command not yet sent', async () => {
      const peer = await fakeServer({
        greeting: '220 fake.test ready\r\n250-fake.test\r\n250 PIPELINING\r\n',
      });
      await expectRejectCode(
        SmtpClient.connect({ port: peer.port }),
        SmtpError,
        'ERR_SMTP_PROTOCOL',
        hint(8, 'a reply before its command is an attack or a bug: never keep it for later'),
      );
    });

    it('refuses an extra reply instead of handing it to the next command', async () => {
      const peer = await fakeServer({
        reply: (line) => (line === 'NOOP' ? '250 ok\r\n250 2.1.0 sender ok\r\n' : undefined),
      });
      const client = await connect({ port: peer.port });
      await client.noop();
      await later(50);
      await expectRejectCode(
        client.noop(),
        SmtpError,
        'ERR_SMTP_PROTOCOL',
        hint(8, 'the stale 250 must not answer the next command'),
      );
    });
  });

  describe('a server that floods the client', () => {
    it('stops reading an endless multiline reply', async () => {
      const peer = await fakeServer({
        reply: (line) => (line.startsWith('EHLO') ? '250-x\r\n'.repeat(5000) : undefined),
      });
      await expectRejectCode(
        SmtpClient.connect({ port: peer.port }),
        SmtpError,
        'ERR_SMTP_PROTOCOL',
        hint(8, 'MAX_REPLY_LINES caps what one reply may hold'),
      );
    });

    it('stops reading an endless reply line', async () => {
      const peer = await fakeServer({ greeting: `220 ${'a'.repeat(100_000)}` });
      await expectRejectCode(
        SmtpClient.connect({ port: peer.port }),
        SmtpError,
        'ERR_SMTP_PROTOCOL',
        hint(8, 'MAX_REPLY_LINE caps a line before its end arrives'),
      );
    });
  });
});
