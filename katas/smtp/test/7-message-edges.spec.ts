import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  composeMessage,
  encodeBase64,
  encodeQuotedPrintable,
  type MessageInput,
  SmtpError,
} from '../src/index.ts';
import { bodyOf, field, headerOf } from './helpers.ts';

const base: MessageInput = {
  from: 'alice@example.org',
  to: ['bob@example.net'],
  subject: 'Hi',
  date: new Date(Date.UTC(2026, 11, 1, 9, 5, 3)),
  messageId: '<m1@example.org>',
};

describe('7. MIME bodies and the message', () => {
  describe('encodeBase64 at a multiple of 76', () => {
    it('writes two full lines and no CRLF after the second', () => {
      const out = encodeBase64(Buffer.alloc(114, 0x5a));
      expect(
        out.split('\r\n').map((l) => l.length),
        hint(7, '114 bytes are 152 characters: two lines of 76, nothing after'),
      ).toEqual([76, 76]);
    });
  });

  describe('encodeQuotedPrintable keeps empty lines', () => {
    it.each([
      ['LF LF', 'a\n\nb'],
      ['CRLF CRLF', 'a\r\n\r\nb'],
      ['CR CR', 'a\r\rb'],
      ['LF CRLF', 'a\n\r\nb'],
    ])('writes %s as two hard line breaks', (_, input) => {
      expect(
        encodeQuotedPrintable(input),
        hint(7, 'only a CR followed by its LF is one line break'),
      ).toBe('a\r\n\r\nb');
    });
  });

  describe('composeMessage: the header section', () => {
    it('opens with a header field: every line is a field or its continuation', () => {
      const message = composeMessage({ ...base, text: 'x' });
      for (const line of headerOf(message).split('\r\n'))
        expect(line, hint(7, 'field-name ":" or a folded line')).toMatch(
          /^([\x21-\x39\x3b-\x7e]+:|[ \t])/,
        );
      expect(message.startsWith('Date: '), hint(7, 'the fields come first, Date first')).toBe(true);
    });

    it('writes no To field when there is no to at all (Bcc only by envelope)', () => {
      const { to: _, ...input } = base;
      const message = composeMessage(input);
      expect(field(message, 'To'), hint(7, 'to is optional')).toBeUndefined();
      expect(field(message, 'From'), hint(7, 'the rest is there')).toBe('From: alice@example.org');
    });

    it('joins several Cc addresses with commas', () => {
      const message = composeMessage({ ...base, cc: ['c@example.org', 'd@example.org'] });
      expect(field(message, 'Cc'), hint(7, 'address-list = mailbox *("," mailbox)')).toBe(
        'Cc: c@example.org, d@example.org',
      );
    });
  });

  describe('composeMessage: a subject as it is, or as encoded words', () => {
    it('writes a plain ASCII subject with single spaces as it is', () => {
      const message = composeMessage({ ...base, subject: 'Lunch at noon, see you there' });
      expect(field(message, 'Subject'), hint(7, 'no reason to encode plain words')).toBe(
        'Subject: Lunch at noon, see you there',
      );
    });

    it('writes a subject with a word of 68 characters as it is', () => {
      const word = 'w'.repeat(68);
      expect(
        field(composeMessage({ ...base, subject: `see ${word}` }), 'Subject'),
        hint(7, 'a word that fits on a folded line stays readable'),
      ).toBe(`Subject: see ${word}`);
    });
  });

  describe('composeMessage: the end of a single part', () => {
    it('ends a quoted-printable text without a final line break with a soft break', () => {
      expect(
        bodyOf(composeMessage({ ...base, text: 'no newline' })),
        hint(7, 'the CRLF after the body is text to a reader: "=" CRLF says it is not'),
      ).toBe('no newline=\r\n');
    });

    it('ends a base64 body with CRLF, and no soft break', () => {
      expect(
        bodyOf(composeMessage({ ...base, text: 'hello', encoding: 'base64' })),
        hint(7, 'base64 decoders ignore line breaks: a plain CRLF ends the message'),
      ).toBe('aGVsbG8=\r\n');
    });

    it('ends every message with CRLF', () => {
      for (const encoding of ['quoted-printable', 'base64'] as const)
        for (const text of ['', 'x', 'x\n', 'a\r\nb'])
          expect(
            composeMessage({ ...base, text, encoding }).endsWith('\r\n'),
            hint(
              7,
              `a message is lines, each ending in CRLF (${encoding}, ${JSON.stringify(text)})`,
            ),
          ).toBe(true);
    });
  });

  describe('every refusal says why', () => {
    it.each([
      ['a bad Message-ID', { messageId: 'no-brackets@example.org' }],
      ['a field composeMessage writes itself', { headers: { Bcc: 'x@example.org' } }],
      ['a bad boundary', { text: 'a', html: 'b', boundary: 'a"b' }],
      ['a CR or LF in a subject', { subject: 'Hi\r\nBcc: x@example.org' }],
    ])('has a message for %s', (what, extra: Partial<MessageInput>) => {
      const error = expectCode(
        () => composeMessage({ ...base, ...extra }),
        SmtpError,
        'ERR_SMTP_INVALID_HEADER',
        hint(7, `refuse ${what}`),
      );
      expect(error.message.length, hint(7, `the message says why: ${what}`)).toBeGreaterThan(0);
    });
  });
});
