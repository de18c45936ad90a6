import { codeOf, expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  MAX_REPLY_LINE,
  MAX_REPLY_LINES,
  parseReply,
  ReplyParser,
  SmtpError,
} from '../src/index.ts';

const protocol = (fn: () => unknown, why: string) =>
  expectCode(fn, SmtpError, 'ERR_SMTP_PROTOCOL', hint(1, why));

describe('1. Read replies', () => {
  describe('one-line replies (RFC 5321 §4.2)', () => {
    it('reads the code and the text', () => {
      const reply = parseReply('250 OK\r\n');
      expect(reply.code, hint(1, 'the code is the first three digits')).toBe(250);
      expect(reply.lines, hint(1, 'the text follows the space')).toEqual(['OK']);
    });

    it('reads a code with no text at all ("250" CRLF)', () => {
      const reply = parseReply('250\r\n');
      expect(reply, hint(1, 'textstring is optional: one empty line text')).toEqual({
        code: 250,
        lines: [''],
      });
    });

    it('keeps the text as sent, inner spaces included', () => {
      expect(
        parseReply('554 no  SMTP service here \r\n').lines,
        hint(1, 'text after the one separator'),
      ).toEqual(['no  SMTP service here ']);
    });

    it('reads a greeting: 220 and the domain', () => {
      const reply = parseReply('220 mx.example.org ESMTP Postfix\r\n');
      expect([reply.code, reply.lines], hint(1, 'a greeting is a reply like any other')).toEqual([
        220,
        ['mx.example.org ESMTP Postfix'],
      ]);
    });

    it.each([
      [211, '211 System status\r\n'],
      [354, '354 Start mail input\r\n'],
      [421, '421 Service not available\r\n'],
      [452, '452 Too many recipients\r\n'],
      [503, '503 Bad sequence of commands\r\n'],
      [550, '550 Mailbox unavailable\r\n'],
    ])('reads code %i', (code, text) => {
      expect(parseReply(text).code, hint(1, 'Reply-code = %x32-35 %x30-35 %x30-39')).toBe(code);
    });

    it('accepts a bare LF as the line end', () => {
      expect(
        parseReply('250 OK\n'),
        hint(1, 'be liberal in what you accept: LF alone ends a line'),
      ).toEqual({
        code: 250,
        lines: ['OK'],
      });
    });
  });

  describe('multiline replies', () => {
    it('joins "250-" lines up to the "250 " line into one reply', () => {
      const reply = parseReply(
        '250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 8BITMIME\r\n',
      );
      expect(reply, hint(1, 'a hyphen after the code means more lines follow')).toEqual({
        code: 250,
        lines: ['mx.example.org', 'PIPELINING', 'SIZE 1000', '8BITMIME'],
      });
    });

    it('ends a multiline reply on a last line that is the bare code', () => {
      expect(
        parseReply('220-first\r\n220\r\n').lines,
        hint(1, 'the last line may be the code alone'),
      ).toEqual(['first', '']);
    });

    it('keeps a hyphen line with no text', () => {
      expect(
        parseReply('250-\r\n250 end\r\n').lines,
        hint(1, '"250-" CRLF is a line with empty text'),
      ).toEqual(['', 'end']);
    });

    it('refuses a multiline reply whose code changes', () => {
      protocol(
        () => parseReply('250-one\r\n251 two\r\n'),
        'every line of one reply has the same code',
      );
    });
  });

  describe('enhanced status codes (RFC 3463, RFC 2034)', () => {
    it('reads class.subject.detail at the start of the text', () => {
      const reply = parseReply('550 5.1.1 <nobody@example.org>: Recipient address rejected\r\n');
      expect(reply.enhanced, hint(1, 'status-code = class "." subject "." detail')).toBe('5.1.1');
    });

    it('keeps the enhanced code in the line text', () => {
      expect(
        parseReply('250 2.0.0 Ok: queued as 1234\r\n').lines,
        hint(1, 'lines are the text as sent'),
      ).toEqual(['2.0.0 Ok: queued as 1234']);
    });

    it('reads three-digit subjects and details', () => {
      expect(
        parseReply('451 4.123.456 later\r\n').enhanced,
        hint(1, 'subject and detail are 1*3digit'),
      ).toBe('4.123.456');
    });

    it('reads the enhanced code of a multiline reply from its first line', () => {
      expect(
        parseReply('550-5.7.1 Rejected\r\n550 5.7.1 see policy\r\n').enhanced,
        hint(1, 'the first line carries it'),
      ).toBe('5.7.1');
    });

    it('reads a text that is only the enhanced code', () => {
      expect(
        parseReply('250 2.1.0\r\n').enhanced,
        hint(1, 'the code may be followed by the line end'),
      ).toBe('2.1.0');
    });

    it.each([
      ['a class that is not the reply class', '550 2.1.1 odd\r\n'],
      ['class 3 (not a class)', '354 3.0.0 go ahead\r\n'],
      ['a subject of four digits', '550 5.1234.1 x\r\n'],
      ['a detail of four digits', '550 5.1.1234 x\r\n'],
      ['no detail', '550 5.1 x\r\n'],
      ['glued to the text', '550 5.1.1x\r\n'],
      ['a version number', '220 mail.example ESMTP 5.1.1-beta\r\n'],
    ])('has no enhanced code with %s', (_, text) => {
      const reply = parseReply(text);
      expect(
        reply.enhanced,
        hint(1, 'class is 2, 4 or 5 and matches the reply code'),
      ).toBeUndefined();
      expect(reply.code, hint(1, 'the reply itself is fine')).toBe(Number(text.slice(0, 3)));
    });
  });

  describe('bytes that are not a reply', () => {
    it.each([
      ['no code', 'OK\r\n'],
      ['a two-digit code', '25 OK\r\n'],
      ['a four-digit code', '2500 OK\r\n'],
      ['a 1yz code (not used by SMTP)', '150 go on\r\n'],
      ['a 6yz code', '650 what\r\n'],
      ['a second digit above 5', '260 odd\r\n'],
      ['a separator that is neither space nor hyphen', '250:OK\r\n'],
      ['an HTTP status line', 'HTTP/1.1 200 OK\r\n'],
      ['an empty line', '\r\n'],
    ])('refuses %s', (_, text) => {
      protocol(() => parseReply(text), 'a reply line is 3 digits, then SP, "-" or the line end');
    });

    it('refuses text holding two replies', () => {
      protocol(() => parseReply('250 one\r\n250 two\r\n'), 'parseReply wants exactly one reply');
    });

    it('refuses an unfinished multiline reply', () => {
      protocol(() => parseReply('250-one\r\n'), 'the reply ends on a line with a space');
    });

    it('refuses a line without its line end', () => {
      protocol(() => parseReply('250 OK'), 'a line is complete at its CRLF');
    });

    it(`refuses a line longer than MAX_REPLY_LINE (${MAX_REPLY_LINE}) octets`, () => {
      protocol(
        () => new ReplyParser().push(`250 ${'x'.repeat(MAX_REPLY_LINE)}\r\n`),
        'cap the line',
      );
    });

    it('accepts a line of exactly MAX_REPLY_LINE octets, CRLF included', () => {
      const line = `250 ${'x'.repeat(MAX_REPLY_LINE - 6)}\r\n`;
      expect(
        parseReply(line).lines[0]?.length,
        hint(1, 'the limit counts the CRLF, and the limit itself is allowed'),
      ).toBe(MAX_REPLY_LINE - 6);
    });

    it('waits at MAX_REPLY_LINE - 1 octets, refuses the octet that makes a line too long', () => {
      const parser = new ReplyParser();
      expect(
        parser.push(`250 ${'x'.repeat(MAX_REPLY_LINE - 5)}`),
        hint(1, 'an LF may still end this line within the limit'),
      ).toEqual([]);
      protocol(
        () => parser.push('x'),
        'with MAX_REPLY_LINE octets and no line end yet, no line end can bring it within the limit',
      );
    });

    it('refuses an endless line before its end arrives', () => {
      const parser = new ReplyParser();
      protocol(() => {
        for (let i = 0; i < 20; i++) parser.push(`250 ${'x'.repeat(200)}`);
      }, 'a line that never ends must not grow the buffer forever');
    });

    it(`refuses a reply of more than MAX_REPLY_LINES (${MAX_REPLY_LINES}) lines`, () => {
      const parser = new ReplyParser();
      protocol(
        () => parser.push('250-x\r\n'.repeat(MAX_REPLY_LINES + 1)),
        'cap the lines of one reply',
      );
    });

    it(`accepts a reply of exactly MAX_REPLY_LINES lines`, () => {
      const text = `${'250-x\r\n'.repeat(MAX_REPLY_LINES - 1)}250 end\r\n`;
      expect(parseReply(text).lines.length, hint(1, 'the limit itself is allowed')).toBe(
        MAX_REPLY_LINES,
      );
    });
  });

  describe('ReplyParser: bytes as they arrive', () => {
    it('returns nothing until a reply is complete', () => {
      const parser = new ReplyParser();
      expect(parser.push('25'), hint(1, 'half a line is no reply')).toEqual([]);
      expect(parser.pending, hint(1, 'pending while bytes wait')).toBe(true);
      expect(parser.push('0 OK\r'), hint(1, 'not yet: the LF is missing')).toEqual([]);
      expect(parser.push('\n'), hint(1, 'complete now')).toEqual([{ code: 250, lines: ['OK'] }]);
      expect(parser.pending, hint(1, 'nothing left')).toBe(false);
    });

    it('is pending between the lines of a multiline reply', () => {
      const parser = new ReplyParser();
      expect(parser.push('250-a\r\n'), hint(1, 'one line of several')).toEqual([]);
      expect(parser.pending, hint(1, 'a reply has started')).toBe(true);
      expect(parser.push('250 b\r\n')[0]?.lines, hint(1, 'the last line ends it')).toEqual([
        'a',
        'b',
      ]);
    });

    it('returns several replies from one chunk, in order', () => {
      const replies = new ReplyParser().push('250 a\r\n250-b\r\n250 c\r\n354 go\r\n');
      expect(
        replies.map((r) => [r.code, r.lines]),
        hint(1, 'pipelined replies arrive together'),
      ).toEqual([
        [250, ['a']],
        [250, ['b', 'c']],
        [354, ['go']],
      ]);
    });

    it('accepts Buffers and decodes UTF-8 split across chunks (SMTPUTF8 replies)', () => {
      const bytes = Buffer.from('250 héllo ☃\r\n');
      const parser = new ReplyParser();
      const out = [
        ...parser.push(bytes.subarray(0, 6)),
        ...parser.push(bytes.subarray(6, 9)),
        ...parser.push(bytes.subarray(9)),
      ];
      expect(out[0]?.lines, hint(1, 'decode whole lines, not chunks')).toEqual(['héllo ☃']);
    });

    it('keeps the code of a multiline reply across chunks', () => {
      const parser = new ReplyParser();
      parser.push('250-a\r\n');
      protocol(
        () => parser.push('550 b\r\n'),
        'the code must match the earlier lines of the reply',
      );
    });

    it('leaves CR inside a line to the text, strips only the CR of CRLF', () => {
      expect(
        codeOf(() => parseReply('250 a\rb\r\n'), SmtpError),
        hint(1, 'a lone CR is not a line end'),
      ).toBe('accepted');
      expect(parseReply('250 a\rb\r\n').lines, hint(1, 'it stays in the text')).toEqual(['a\rb']);
    });
  });
});
