import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeMessage, SmtpClient } from '../src/index.ts';
import { type SmtpPeer, startServer, useSmtpHarness } from './helpers.ts';

useSmtpHarness();

const DATE = new Date(Date.UTC(2026, 11, 1, 9, 5, 3));

/** Words mailparser keeps as they are: no leading, trailing or doubled whitespace. */
const phrase = fc
  .array(
    fc.string({
      unit: fc.constantFrom(
        'a',
        'B',
        'é',
        'ß',
        '☃',
        '😀',
        '"',
        ',',
        '.',
        '@',
        '<',
        '=',
        '?',
        '\\',
        "'",
        '(',
      ),
      minLength: 1,
      maxLength: 12,
    }),
    {
      minLength: 1,
      maxLength: 8,
    },
  )
  .map((words) => words.join(' '));

const bodyText = fc.string({
  unit: fc.constantFrom('a', 'Z', ' ', '.', '\n', 'é', '☃', '=', '-', '\t', '>From '),
  maxLength: 200,
});

/** mailparser reports text with LF line ends and no trailing spaces before them. */
const asRead = (t: string) => t.replace(/[ \t]+(?=\n|$)/g, '');

describe('9. Properties', () => {
  it('mailparser reads every composed message back as it was given (differential)', async () => {
    await fc.assert(
      fc.asyncProperty(
        phrase,
        phrase,
        bodyText.filter((t) => /\S/.test(t)),
        fc.option(
          bodyText.filter((t) => /\S/.test(t)),
          { nil: undefined },
        ),
        fc.constantFrom<'quoted-printable' | 'base64'>('quoted-printable', 'base64'),
        async (subject, name, text, html, encoding) => {
          const message = composeMessage({
            from: { name, address: 'alice@example.org' },
            to: ['bob@example.net', { name, address: 'carol@example.net' }],
            subject,
            text: asRead(text),
            ...(html === undefined ? {} : { html: asRead(html) }),
            date: DATE,
            messageId: '<id@example.org>',
            encoding,
          });
          for (const line of message.split('\r\n'))
            expect(
              line.length,
              hint(7, 'every line within 998 (RFC 5322 §2.1.1)'),
            ).toBeLessThanOrEqual(998);
          const parsed = await simpleParser(message);
          expect(parsed.subject, hint(6, 'encoded words and folding survive a real parser')).toBe(
            subject,
          );
          expect(parsed.from?.value, hint(6, 'the display name survives')).toEqual([
            { name, address: 'alice@example.org' },
          ]);
          expect(
            parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((v) => v.address) : [],
            hint(6, 'two mailboxes'),
          ).toEqual(['bob@example.net', 'carol@example.net']);
          expect(parsed.text?.replace(/\r\n/g, '\n'), hint(7, 'the text part')).toBe(asRead(text));
          if (html !== undefined) expect(parsed.html, hint(7, 'the html part')).toBe(asRead(html));
          expect(parsed.date?.getTime(), hint(6, 'the date')).toBe(DATE.getTime());
        },
      ),
      fcParams(80),
    );
  });

  describe('against smtp-server', () => {
    let server: SmtpPeer;
    let client: SmtpClient | undefined;
    // One server and one client for every run: the afterEach cleanup would close them per test.
    beforeAll(async () => {
      server = await startServer();
    });
    afterAll(() => {
      try {
        client?.close();
      } catch {
        // the stub
      }
    });

    it('delivers any message byte for byte in its CRLF form, on one connection', async () => {
      client = await SmtpClient.connect({ port: server.port });
      const c = client;
      const raw = fc.string({
        unit: fc.constantFrom('a', '.', '..', '\r', '\n', '\r\n', ' ', 'é', 'MAIL FROM:<x@y>'),
        maxLength: 80,
      });
      await fc.assert(
        fc.asyncProperty(
          raw,
          fc.subarray(['b@example.org', 'c@example.org', 'd@example.org'], { minLength: 1 }),
          async (text, to) => {
            const before = server.messages.length;
            await c.send({ from: 'a@example.org', to }, text);
            const got = server.messages[before];
            const lines = text.replace(/\r\n|\r|\n/g, '\r\n');
            expect(
              got?.raw.toString('utf8'),
              hint(3, 'normalized, stuffed, unstuffed by the server: the same lines'),
            ).toBe(lines === '' || lines.endsWith('\r\n') ? lines : `${lines}\r\n`);
            expect(got?.to, hint(3, 'the envelope')).toEqual(to);
          },
        ),
        fcParams(60),
      );
      expect(server.connections(), hint(3, 'one session for every message')).toBe(1);
    });
  });
});
