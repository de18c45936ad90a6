import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  MAX_REPLY_LINE,
  MAX_REPLY_LINES,
  parseReply,
  ReplyParser,
  SmtpError,
} from '../src/index.ts';

const protocol = (fn: () => unknown, why: string): SmtpError =>
  expectCode(fn, SmtpError, 'ERR_SMTP_PROTOCOL', hint(1, why));

/** A refusal a person can read: a message that says something, an error named SmtpError. */
const readable = (error: SmtpError, why: string): void => {
  expect(error.name, hint(1, 'an SmtpError is named SmtpError (stack traces, logs)')).toBe(
    'SmtpError',
  );
  expect(error.message.length, hint(1, `the message says why: ${why}`)).toBeGreaterThan(0);
};

describe('1. Read replies', () => {
  describe('the line cap, at its edge', () => {
    it('refuses a complete line of MAX_REPLY_LINE + 1 octets, CRLF included', () => {
      const line = `250 ${'x'.repeat(MAX_REPLY_LINE - 5)}\r\n`;
      expect(Buffer.byteLength(line), hint(1, 'the line counts its CRLF')).toBe(MAX_REPLY_LINE + 1);
      readable(
        protocol(() => new ReplyParser().push(line), 'one octet over the cap, CRLF counted'),
        'the line is too long',
      );
    });

    it('refuses a line one octet over the cap that ends in a bare LF too', () => {
      const line = `250 ${'x'.repeat(MAX_REPLY_LINE - 4)}\n`;
      protocol(() => parseReply(line), 'the cap counts every octet up to and with the LF');
    });

    it('refuses the buffered part of a line that reached the cap, with a message', () => {
      const parser = new ReplyParser();
      readable(
        protocol(() => parser.push(`250 ${'x'.repeat(MAX_REPLY_LINE)}`), 'no line end yet'),
        'the line is too long',
      );
    });
  });

  describe('enhanced status codes only open the text (RFC 3463 §2)', () => {
    it.each([
      ['later in the text', '250 queued as 2.0.0\r\n'],
      ['after a word', '550 error 5.1.1 unknown\r\n'],
      ['at the end of a greeting', '220 mx.example.org 2.0.0\r\n'],
    ])('has no enhanced code %s', (_, text) => {
      expect(
        parseReply(text).enhanced,
        hint(1, 'status-code is the first thing in the text, not anywhere in it'),
      ).toBeUndefined();
    });
  });

  describe('every refusal says why', () => {
    it.each([
      ['a line that is not a reply', 'hello\r\n'],
      ['a multiline reply that changes its code', '250-one\r\n251 two\r\n'],
      ['two replies for parseReply', '250 one\r\n250 two\r\n'],
      ['an unfinished reply for parseReply', '250-one\r\n'],
      ['too many lines', `${'250-x\r\n'.repeat(MAX_REPLY_LINES)}250 end\r\n`],
    ])('has a message for %s', (what, text) => {
      readable(
        protocol(() => parseReply(text), `refuse ${what}`),
        what,
      );
    });
  });
});
