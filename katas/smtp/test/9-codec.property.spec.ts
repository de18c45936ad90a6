import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeData,
  encodeQuotedPrintable,
  encodeWords,
  foldHeader,
  parseReply,
  type Reply,
  ReplyParser,
  unfold,
} from '../src/index.ts';
import { decodeWords, unstuff } from './helpers.ts';

/** Text rich in what SMTP cares about: line ends of every kind, dots, spaces, non-ASCII. */
const wireText = fc.string({
  unit: fc.constantFrom('a', 'Z', ' ', '.', '..', '\r', '\n', '\r\n', '\t', 'é', '☃', '=', '-'),
  maxLength: 60,
});

const canonical = (t: string) => t.replace(/\r\n|\r|\n/g, '\r\n');

/** A reply as a server sends it. */
const replyArb = fc
  .record({
    code: fc
      .integer({ min: 2, max: 5 })
      .chain((c) =>
        fc.tuple(fc.constant(c), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 9 })),
      ),
    lines: fc.array(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', '-', '.', '1', 'é'), maxLength: 20 }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ code: [a, b, c], lines }) => ({ code: a * 100 + b * 10 + c, lines }));

const serialize = (r: Reply) =>
  r.lines.map((l, i) => `${r.code}${i === r.lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('');

/** Decodes quoted-printable (RFC 2045 §6.7) into bytes, hard breaks as CRLF. */
function decodeQp(text: string): Buffer {
  const soft = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=') {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(soft.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

describe('9. Properties', () => {
  it('dot-stuffing round-trips: a receiver gets the text back, line ends as CRLF', () => {
    fc.assert(
      fc.property(wireText, (text) => {
        const data = encodeData(text);
        const lines = canonical(text);
        const expected = lines === '' || lines.endsWith('\r\n') ? lines : `${lines}\r\n`;
        expect(unstuff(data), hint(3, 'unstuff(encodeData(t)) is t with CRLF line ends')).toBe(
          expected,
        );
        expect(
          data.toString().replace(/\r\n/g, ''),
          hint(8, 'no CR or LF outside CRLF'),
        ).not.toMatch(/[\r\n]/);
      }),
      fcParams(300),
    );
  });

  it('folding never passes 78 (998 for long words) and unfolds to the original', () => {
    const word = fc.string({
      unit: fc.constantFrom('a', 'b', 'x', '-', '.', ',', '=', '?'),
      minLength: 1,
      maxLength: 90,
    });
    const space = fc.constantFrom(' ', '  ', '\t', ' \t');
    const value = fc
      .tuple(word, fc.array(fc.tuple(space, word), { maxLength: 25 }))
      .map(([w, rest]) => w + rest.map(([s, x]) => s + x).join(''));
    fc.assert(
      fc.property(fc.constantFrom('Subject', 'X-Long-Field-Name', 'To'), value, (name, v) => {
        const field = foldHeader(name, v);
        expect(unfold(field), hint(6, 'fold only by inserting CRLF before whitespace')).toBe(
          `${name}: ${v}`,
        );
        const lines = field.split('\r\n');
        for (const line of lines) {
          expect(line.length, hint(6, 'never beyond 998')).toBeLessThanOrEqual(998);
          const longest = Math.max(...line.split(/[ \t]/).map((w) => w.length));
          if (line.length > 78)
            expect(
              longest + name.length + 2 > 78 || longest > 76,
              hint(6, 'beyond 78 only for a word that cannot fit'),
            ).toBe(true);
        }
        for (const line of lines.slice(1))
          expect(/^[ \t]+\S/.test(line), hint(6, 'a folded line is whitespace then text')).toBe(
            true,
          );
      }),
      fcParams(300),
    );
  });

  it('encoded words decode back, each at most 75 characters', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom('a', ' ', 'é', '☃', '😀', '?', '='),
            // any scalar value: every code point but the surrogates
            fc
              .integer({ min: 0, max: 0x10ffff - 0x800 })
              .map((c) => String.fromCodePoint(c >= 0xd800 ? c + 0x800 : c)),
          ),
          maxLength: 120,
        }),
        (text) => {
          const encoded = encodeWords(text);
          // Empty text is no word at all (encoded-text = 1*<…>).
          for (const w of encoded === '' ? [] : encoded.split(' ')) {
            expect(
              w.length,
              hint(6, 'an encoded-word may not be more than 75 characters'),
            ).toBeLessThanOrEqual(75);
            expect(w, hint(6, '=?UTF-8?B?…?=')).toMatch(/^=\?UTF-8\?[BbQq]\?[^?\s]+\?=$/);
          }
          expect(decodeWords(encoded), hint(6, 'whole characters per word')).toBe(text);
        },
      ),
      fcParams(300),
    );
  });

  it('quoted-printable decodes back, lines within 76', () => {
    fc.assert(
      fc.property(wireText, fc.integer({ min: 0, max: 3 }), (text, repeat) => {
        const input = text.repeat(repeat + 1);
        const out = encodeQuotedPrintable(input);
        for (const line of out.split('\r\n')) {
          expect(line.length, hint(7, 'at most 76 characters')).toBeLessThanOrEqual(76);
          expect(line, hint(7, 'no space or tab ends a line')).not.toMatch(/[ \t]$/);
        }
        expect(out, hint(7, 'only printable ASCII, CRLF')).toMatch(/^[\x20-\x7e\t\r\n]*$/);
        expect(
          decodeQp(out).toString('utf8'),
          hint(7, 'decodes to the CRLF form of the text'),
        ).toBe(canonical(input));
      }),
      fcParams(300),
    );
  });

  it('the reply parser returns the same replies however the bytes are split', () => {
    fc.assert(
      fc.property(
        fc.array(replyArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (replies, cuts) => {
          const bytes = Buffer.from(replies.map(serialize).join(''));
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const parser = new ReplyParser();
          const got: Reply[] = [];
          let from = 0;
          for (const p of [...points, bytes.length]) {
            got.push(...parser.push(bytes.subarray(from, p)));
            from = p;
          }
          expect(
            got.map((r) => [r.code, r.lines]),
            hint(1, 'buffer partial lines (bytes, not strings: a cut may split a UTF-8 character)'),
          ).toEqual(replies.map((r) => [r.code, r.lines]));
          expect(parser.pending, hint(1, 'nothing left over')).toBe(false);
          for (const r of replies)
            expect(parseReply(serialize(r)).code, hint(1, 'parseReply agrees')).toBe(r.code);
        },
      ),
      fcParams(300),
    );
  });
});
