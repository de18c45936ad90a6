import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  composeMessage,
  encodeBase64,
  encodeQuotedPrintable,
  type MessageInput,
  SmtpError,
} from '../src/index.ts';
import { decodeWords, field, headerOf } from './helpers.ts';

const DATE = new Date(Date.UTC(2026, 11, 1, 9, 5, 3));
const base: MessageInput = {
  from: 'alice@example.org',
  to: ['bob@example.net'],
  subject: 'Hi',
  date: DATE,
  messageId: '<m1@example.org>',
};

describe('7. MIME bodies and the message', () => {
  describe('encodeBase64 (RFC 2045 §6.8)', () => {
    it.each([
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ])('encodes %j as %j (RFC 4648 §10)', (input, output) => {
      expect(encodeBase64(input), hint(7, 'the RFC 4648 test vectors')).toBe(output);
    });

    it('breaks lines at 76 characters with CRLF, none after the last', () => {
      const out = encodeBase64(Buffer.alloc(200, 0xab));
      const lines = out.split('\r\n');
      expect(
        lines.map((l) => l.length),
        hint(7, 'no more than 76 characters per line'),
      ).toEqual([76, 76, 76, 40]);
      expect(
        Buffer.from(lines.join(''), 'base64').equals(Buffer.alloc(200, 0xab)),
        hint(7, 'decodes back'),
      ).toBe(true);
    });
  });

  describe('encodeQuotedPrintable (RFC 2045 §6.7)', () => {
    it.each([
      ['plain ASCII as it is', 'Hello, world!', 'Hello, world!'],
      ['"=" as =3D', 'a=b', 'a=3Db'],
      ['UTF-8 bytes as =XX, upper-case hex', 'café', 'caf=C3=A9'],
      ['a trailing space as =20', 'end ', 'end=20'],
      ['a trailing tab as =09', 'end\t', 'end=09'],
      ['a space before a line break as =20', 'a \nb', 'a=20\r\nb'],
      ['inner spaces as they are', 'a  b', 'a  b'],
      ['LF as CRLF (a hard line break)', 'a\nb', 'a\r\nb'],
      ['CR as CRLF', 'a\rb', 'a\r\nb'],
      ['CRLF as CRLF', 'a\r\nb', 'a\r\nb'],
      ['a final line break', 'a\n', 'a\r\n'],
      ['control characters as =XX', 'a\x00\x7fb', 'a=00=7Fb'],
      ['"!" and "~", the ends of the literal range, as they are', '!a~', '!a~'],
      ['" " and "<", around "=", as they are', 'a<>b', 'a<>b'],
      ['an inner tab as it is', 'a\tb', 'a\tb'],
    ])('encodes %s', (_, input, output) => {
      expect(encodeQuotedPrintable(input), hint(7, 'rules 1–5 of §6.7')).toBe(output);
    });

    it('keeps lines within 76 characters with soft breaks', () => {
      const out = encodeQuotedPrintable('x'.repeat(200));
      for (const line of out.split('\r\n'))
        expect(line.length, hint(7, 'rule 5: at most 76 characters')).toBeLessThanOrEqual(76);
      expect(out.replace(/=\r\n/g, ''), hint(7, 'soft breaks "=" CRLF vanish when decoded')).toBe(
        'x'.repeat(200),
      );
    });

    it('never splits an =XX escape across a soft break', () => {
      const out = encodeQuotedPrintable('é'.repeat(40));
      for (const line of out.split('\r\n'))
        expect(line, hint(7, 'escapes stay whole')).toMatch(/^(=[0-9A-F]{2})*=?$/);
    });

    it('allows a last line of exactly 76 characters without a soft break', () => {
      expect(encodeQuotedPrintable('y'.repeat(76)), hint(7, '76 fits when nothing follows')).toBe(
        'y'.repeat(76),
      );
    });
  });

  describe('composeMessage: the header section (RFC 5322 §3.6)', () => {
    it('writes Date, From, To, Subject, Message-ID and MIME-Version', () => {
      const message = composeMessage(base);
      expect(field(message, 'Date'), hint(7, 'Date from formatDate')).toBe(
        'Date: Tue, 01 Dec 2026 09:05:03 +0000',
      );
      expect(field(message, 'From'), hint(7, 'From from formatAddress')).toBe(
        'From: alice@example.org',
      );
      expect(field(message, 'To'), hint(7, 'To')).toBe('To: bob@example.net');
      expect(field(message, 'Subject'), hint(7, 'Subject')).toBe('Subject: Hi');
      expect(field(message, 'Message-ID'), hint(7, 'the given Message-ID')).toBe(
        'Message-ID: <m1@example.org>',
      );
      expect(field(message, 'MIME-Version'), hint(7, 'MIME-Version: 1.0 (RFC 2045 §4)')).toBe(
        'MIME-Version: 1.0',
      );
    });

    it('joins several recipients with commas, Cc and Reply-To too', () => {
      const message = composeMessage({
        ...base,
        to: ['a@example.org', { name: 'B B', address: 'b@example.org' }],
        cc: ['c@example.org'],
        replyTo: 'r@example.org',
      });
      expect(field(message, 'To'), hint(7, 'address-list = mailbox *("," mailbox)')).toBe(
        'To: a@example.org, B B <b@example.org>',
      );
      expect(field(message, 'Cc'), hint(7, 'Cc')).toBe('Cc: c@example.org');
      expect(field(message, 'Reply-To'), hint(7, 'Reply-To')).toBe('Reply-To: r@example.org');
    });

    it('adds a Date of now and a fresh Message-ID on the sender’s domain when none is given', () => {
      const before = Math.floor(Date.now() / 1000) * 1000;
      const message = composeMessage({
        from: 'alice@example.org',
        to: ['b@example.org'],
        text: 'x',
      });
      const date = Date.parse(field(message, 'Date')?.slice(6) ?? '');
      expect(date, hint(7, 'Date is required (§3.6)')).toBeGreaterThanOrEqual(before);
      expect(field(message, 'Message-ID'), hint(7, 'createMessageId on the From domain')).toMatch(
        /^Message-ID: <[^@\s]+@example\.org>$/,
      );
    });

    it('ends every line with CRLF and holds only ASCII', () => {
      const message = composeMessage({
        ...base,
        subject: 'Grüße',
        text: 'Zoë\nnaïve\n',
        html: '<p>é</p>',
      });
      expect(message, hint(7, 'no bare LF')).not.toMatch(/[^\r]\n/);
      expect(message, hint(7, 'no bare CR')).not.toMatch(/\r[^\n]/);
      expect(
        /^[\x00-\x7f]*$/.test(message),
        hint(7, 'encoded words and transfer encodings keep it 7-bit'),
      ).toBe(true);
    });

    it('keeps every header line within 78 characters', () => {
      const message = composeMessage({
        ...base,
        subject:
          'A rather long subject line that goes on and on, well beyond the seventy-eight characters',
        to: Array.from({ length: 8 }, (_, i) => ({
          name: `Person ${i}`,
          address: `person${i}@example.org`,
        })),
      });
      for (const line of headerOf(message).split('\r\n'))
        expect(line.length, hint(7, 'fold every field')).toBeLessThanOrEqual(78);
    });

    it('adds extra fields, and refuses ones it writes itself', () => {
      const message = composeMessage({ ...base, headers: { 'X-Mailer': 'kata' } });
      expect(field(message, 'X-Mailer'), hint(7, 'headers option')).toBe('X-Mailer: kata');
      expectCode(
        () => composeMessage({ ...base, headers: { bcc: 'spy@example.org' } }),
        SmtpError,
        'ERR_SMTP_INVALID_HEADER',
        hint(7, 'no second From, Bcc, Content-Type…'),
      );
    });

    it.each([
      ['no brackets', 'no-brackets@example.org'],
      ['text before the brackets', 'x<a@example.org>'],
      ['text after the brackets', '<a@example.org>x'],
      ['no "<"', 'a@example.org>'],
      ['no ">"', '<a@example.org'],
      ['an empty id-left', '<@example.org>'],
      ['an empty id-right', '<a@>'],
      ['no "@"', '<a.example.org>'],
      ['a space', '<a b@example.org>'],
      ['a nested "<"', '<a<b@example.org>'],
    ])('refuses a Message-ID with %s', (_, messageId) => {
      expectCode(
        () => composeMessage({ ...base, messageId }),
        SmtpError,
        'ERR_SMTP_INVALID_HEADER',
        hint(7, 'msg-id = "<" id-left "@" id-right ">", no spaces'),
      );
    });

    it('writes a Message-ID of printable characters as given', () => {
      const messageId = "<a.b+c!#$%&'*/=?^_`{|}~-9@[127.0.0.1]>";
      expect(
        field(composeMessage({ ...base, messageId }), 'Message-ID'),
        hint(7, 'any printable ASCII but "<", ">" and space'),
      ).toBe(`Message-ID: ${messageId}`);
    });

    it.each([
      'Date',
      'from',
      'TO',
      'Cc',
      'BCC',
      'Reply-To',
      'subject',
      'Message-Id',
      'MIME-Version',
      'content-type',
      'Content-Transfer-Encoding',
    ])('refuses an extra field %s, which it writes itself (in any case)', (name) => {
      expectCode(
        () => composeMessage({ ...base, headers: { [name]: 'x' } }),
        SmtpError,
        'ERR_SMTP_INVALID_HEADER',
        hint(7, 'one of each: a second From or Content-Type is a different message'),
      );
    });

    it('writes no To or Cc field for an empty list', () => {
      const message = composeMessage({ ...base, to: [], cc: [] });
      expect(field(message, 'To'), hint(7, 'no empty address list')).toBeUndefined();
      expect(field(message, 'Cc'), hint(7, 'no empty address list')).toBeUndefined();
      expect(field(message, 'From'), hint(7, 'the rest is there')).toBe('From: alice@example.org');
    });
  });

  describe('composeMessage: the body (RFC 2045, RFC 2046 §5.1.4)', () => {
    it('sends text alone as text/plain; charset=utf-8, quoted-printable', () => {
      const message = composeMessage({ ...base, text: 'Grüße\n' });
      expect(field(message, 'Content-Type'), hint(7, 'a single part')).toBe(
        'Content-Type: text/plain; charset=utf-8',
      );
      expect(field(message, 'Content-Transfer-Encoding'), hint(7, 'the default encoding')).toBe(
        'Content-Transfer-Encoding: quoted-printable',
      );
      expect(
        message.slice(message.indexOf('\r\n\r\n') + 4),
        hint(7, 'the encoded text after the blank line'),
      ).toBe('Gr=C3=BC=C3=9Fe\r\n');
    });

    it('sends base64 when asked', () => {
      const message = composeMessage({ ...base, text: 'hello', encoding: 'base64' });
      expect(field(message, 'Content-Transfer-Encoding'), hint(7, 'encoding option')).toBe(
        'Content-Transfer-Encoding: base64',
      );
      expect(
        message.slice(message.indexOf('\r\n\r\n') + 4).trim(),
        hint(7, 'base64 of the text'),
      ).toBe('aGVsbG8=');
    });

    it('sends html alone as text/html', () => {
      expect(
        field(composeMessage({ ...base, html: '<b>x</b>' }), 'Content-Type'),
        hint(7, 'html only'),
      ).toBe('Content-Type: text/html; charset=utf-8');
    });

    it('sends text and html as multipart/alternative, text first', () => {
      const message = composeMessage({
        ...base,
        text: 'plain',
        html: '<p>rich</p>',
        boundary: 'b0undary',
      });
      expect(field(message, 'Content-Type'), hint(7, 'the boundary parameter, quoted')).toBe(
        'Content-Type: multipart/alternative; boundary="b0undary"',
      );
      const body = message.slice(message.indexOf('\r\n\r\n') + 4);
      const parts = body.split('--b0undary');
      expect(parts.length, hint(7, 'two delimiters and the close delimiter')).toBe(4);
      expect(parts[1], hint(7, 'the plain part first (the last is preferred)')).toContain(
        'text/plain',
      );
      expect(parts[2], hint(7, 'then html')).toContain('text/html');
      expect(body.endsWith('--b0undary--\r\n'), hint(7, 'the close delimiter')).toBe(true);
    });

    it.each([
      ['70 characters', 'b'.repeat(70)],
      ['one character', 'b'],
      ['an inner space and the other bchars', "a'()+_,-./:=? z"],
    ])('accepts a boundary of %s', (_, boundary) => {
      const message = composeMessage({ ...base, text: 'a', html: 'b', boundary });
      expect(
        field(message, 'Content-Type'),
        hint(7, 'boundary := 0*69<bchars> bcharsnospace'),
      ).toBe(`Content-Type: multipart/alternative; boundary="${boundary}"`);
    });

    it.each([
      ['an empty boundary', ''],
      ['a trailing space', 'abc '],
      ['a quote', 'a"b'],
      ['a non-ASCII character', 'grüße'],
    ])('refuses a boundary with %s', (_, boundary) => {
      expectCode(
        () => composeMessage({ ...base, text: 'a', html: 'b', boundary }),
        SmtpError,
        'ERR_SMTP_INVALID_HEADER',
        hint(7, 'bcharsnospace at the end, 1–70 bchars'),
      );
    });

    it('sends an empty text/plain body when neither text nor html is given', () => {
      const message = composeMessage(base);
      expect(field(message, 'Content-Type'), hint(7, 'still a text part')).toBe(
        'Content-Type: text/plain; charset=utf-8',
      );
      expect(
        message.slice(message.indexOf('\r\n\r\n') + 4),
        hint(7, 'nothing after the blank line'),
      ).toBe('');
    });

    it('sends every line break of the text as CRLF in base64 too (RFC 2049 §4)', () => {
      const message = composeMessage({ ...base, text: 'a\rb\nc\r\nd', encoding: 'base64' });
      const body = message.slice(message.indexOf('\r\n\r\n') + 4);
      expect(
        Buffer.from(body, 'base64').toString('utf8'),
        hint(7, 'the canonical form: CRLF line breaks before encoding'),
      ).toBe('a\r\nb\r\nc\r\nd');
    });

    it('refuses a boundary that RFC 2046 does not allow', () => {
      expectCode(
        () => composeMessage({ ...base, text: 'a', html: 'b', boundary: 'x\r\nBcc: y' }),
        SmtpError,
        'ERR_SMTP_INVALID_HEADER',
        hint(7, 'bchars, 1–70'),
      );
      expectCode(
        () => composeMessage({ ...base, text: 'a', html: 'b', boundary: 'x'.repeat(71) }),
        SmtpError,
        'ERR_SMTP_INVALID_HEADER',
        hint(7, 'at most 70'),
      );
    });
  });

  describe('mailparser reads it back', () => {
    it('reads a plain message: headers and text', async () => {
      const parsed = await simpleParser(
        composeMessage({
          ...base,
          from: { name: 'Alice Ä', address: 'alice@example.org' },
          subject: 'Grüße aus Köln',
          text: 'Zeile 1\nZeile 2 – ü\n',
        }),
      );
      expect(parsed.subject, hint(7, 'encoded words decode')).toBe('Grüße aus Köln');
      expect(parsed.from?.value[0], hint(7, 'an encoded display name')).toEqual({
        name: 'Alice Ä',
        address: 'alice@example.org',
      });
      expect(parsed.text, hint(7, 'quoted-printable decodes, line breaks kept')).toBe(
        'Zeile 1\nZeile 2 – ü\n',
      );
      expect(parsed.date?.getTime(), hint(7, 'the date')).toBe(DATE.getTime());
      expect(parsed.messageId, hint(7, 'the id')).toBe('<m1@example.org>');
    });

    it('reads text without a final line break exactly', async () => {
      const parsed = await simpleParser(composeMessage({ ...base, text: 'no newline at the end' }));
      expect(
        parsed.text,
        hint(7, 'the CRLF that ends the body is text to a reader: end with a soft break'),
      ).toBe('no newline at the end');
    });

    it('reads a multipart/alternative message: both parts', async () => {
      const parsed = await simpleParser(
        composeMessage({ ...base, text: 'plain ☃', html: '<p>rich ☃</p>' }),
      );
      expect(parsed.text, hint(7, 'the text/plain part')).toBe('plain ☃');
      expect(parsed.html, hint(7, 'the text/html part')).toBe('<p>rich ☃</p>');
    });

    it('reads a base64 message', async () => {
      const parsed = await simpleParser(
        composeMessage({ ...base, text: 'über\nalles', encoding: 'base64' }),
      );
      expect(parsed.text?.replace(/\r\n/g, '\n'), hint(7, 'base64 of the CRLF text')).toBe(
        'über\nalles',
      );
    });

    it.each([
      ['leading and trailing spaces', '  padded  '],
      ['a leading space', ' padded'],
      ['a trailing space', 'padded '],
      ['a leading tab', '\tindented'],
    ])('reads a subject with %s as typed', async (_, subject) => {
      const parsed = await simpleParser(composeMessage({ ...base, subject }));
      expect(
        parsed.subject,
        hint(7, 'a reader trims a plain value: encoded words keep the whitespace'),
      ).toBe(subject);
    });

    it.each([
      ['90 characters mid-subject', `see ${'x'.repeat(90)} now`],
      ['70 characters', `a ${'z'.repeat(70)}`],
      ['75 characters', `a ${'z'.repeat(75)}`],
      ['80 characters', `a ${'z'.repeat(80)}`],
    ])('reads a subject with a word of %s, every line within 78', async (_, subject) => {
      const message = composeMessage({ ...base, subject });
      for (const line of headerOf(message).split('\r\n'))
        expect(
          line.length,
          hint(7, 'no fold point in a long word: encoded words have them'),
        ).toBeLessThanOrEqual(78);
      expect((await simpleParser(message)).subject, hint(7, 'and it reads back')).toBe(subject);
    });

    it('writes a subject with a control character as encoded words only', () => {
      const subject = 'ding\x07dong\x00';
      const value = field(composeMessage({ ...base, subject }), 'Subject')?.slice(9) ?? '';
      expect(value, hint(7, 'unstructured = VCHAR / WSP: no controls in a header')).not.toMatch(
        /[\x00-\x08\x0a-\x1f\x7f]/,
      );
      expect(decodeWords(value), hint(7, 'encoded words carry them')).toBe(subject);
    });

    it('reads a subject of 200 characters', async () => {
      const subject = 'word '.repeat(40).trim();
      const parsed = await simpleParser(composeMessage({ ...base, subject }));
      expect(parsed.subject, hint(7, 'folded and unfolded')).toBe(subject);
    });
  });
});
