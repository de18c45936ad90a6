/**
 * readForm edges: the corners of RFC 2046 framing (close delimiter, transport padding, an empty
 * part head), RFC 6266 / RFC 5987 parameters, the part's own fields, the default limits, and how
 * little of the input a streaming part holds back.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { type Environ, GatewayError, readForm } from '../src/index.ts';
import { enc, expectRejectRule, fakeEnviron } from './helpers.ts';
import { buildMultipart, collect, field, formEnviron } from './multipart.ts';

const B = 'XyZ-boundary';
const MP = `multipart/form-data; boundary=${B}`;
const H = (t: string) => hint(5, t);
const A_PART = 'Content-Disposition: form-data; name="a"\r\n\r\nv';

/** The name and filename of the only part of a body whose one part has this disposition. */
async function nameAndFilename(disposition: string): Promise<Array<string | undefined>> {
  const body = buildMultipart(B, [{ head: [`Content-Disposition: ${disposition}`], body: 'x' }]);
  const parts = await collect(formEnviron(MP, body));
  expect(parts).toHaveLength(1);
  return [parts[0]?.name, parts[0]?.filename];
}

/** An input that hands out `chunks` one by one and counts how many it was asked for. */
function countedInput(chunks: Uint8Array[]): { environ: Environ; pulls: () => number } {
  let pulls = 0;
  const notUsed = async (): Promise<Uint8Array> => {
    throw new Error('readForm should iterate gateway.input');
  };
  const input: Environ['gateway.input'] = {
    read: notUsed,
    readLine: notUsed,
    [Symbol.asyncIterator]: async function* () {
      for (const chunk of chunks) {
        pulls++;
        yield chunk;
      }
    },
  };
  const environ = fakeEnviron({
    REQUEST_METHOD: 'POST',
    CONTENT_TYPE: MP,
    'gateway.input': input,
  });
  return { environ, pulls: () => pulls };
}

describe('5. Middleware', () => {
  describe('readForm: Content-Disposition parameters (RFC 6266 §4.1, RFC 5987)', () => {
    it.each([
      // RFC 6266 is written in RFC 2616 ABNF: linear white space may surround "=".
      ['form-data; name ="a"', 'a', undefined],
      ['form-data; name= a ; filename=b.txt', 'a', 'b.txt'],
      // "\\" is one backslash, and the quote after it closes the quoted-string.
      ['form-data; name="a\\\\"; filename="f.txt"', 'a\\', 'f.txt'],
      ["form-data; name=f; filename*=UTF-8'en'%C3%A9t%C3%A9.txt", 'f', '\u00e9t\u00e9.txt'],
      ["form-data; name=f; filename*=%UTF-8''x.txt; filename=plain.txt", 'f', 'plain.txt'],
      ["form-data; name=f; filename*=x-unknown''x.txt; filename=plain.txt", 'f', 'plain.txt'],
      ["form-data; name=f; filename*=UTF-8''a\nb.txt; filename=plain.txt", 'f', 'plain.txt'],
    ])('reads Content-Disposition: %j', async (disposition, name, filename) => {
      expect(
        await nameAndFilename(disposition),
        H('OWS around "=", a language tag, and a filename* that is not an ext-value is ignored'),
      ).toEqual([name, filename]);
    });

    it('a quoted-string the field line ends inside: its text, or ERR_GATEWAY_FORM_MALFORMED', async () => {
      const body = buildMultipart(B, [
        { head: ['Content-Disposition: form-data; name="f"; filename="a.txt'], body: 'x' },
      ]);
      const outcome = await collect(formEnviron(MP, body)).then(
        (parts) => parts.map((p) => p.filename),
        (error: unknown) => error,
      );
      if (Array.isArray(outcome)) {
        expect(outcome, H('stop at the end of the field, never past it')).toEqual(['a.txt']);
      } else {
        await expectRejectRule(
          Promise.reject(outcome),
          GatewayError,
          'ERR_GATEWAY_FORM_MALFORMED',
          H('stop at the end of the field, never past it'),
        );
      }
    });
  });

  describe('readForm: the part head', () => {
    it("hands out the part's own fields, names and values trimmed, in order", async () => {
      const body = buildMultipart(B, [
        {
          head: [
            'Content-Disposition: form-data; name="doc"; filename="n.txt"',
            'Content-Type:  text/markdown ',
            'X-Note:v',
          ],
          body: 'x',
        },
      ]);
      const heads: unknown[] = [];
      for await (const part of readForm(formEnviron(MP, body))) heads.push(part.headers);
      expect(heads).toEqual([
        [
          ['Content-Disposition', 'form-data; name="doc"; filename="n.txt"'],
          ['Content-Type', 'text/markdown'],
          ['X-Note', 'v'],
        ],
      ]);
    });

    it('accepts white space before the colon of a field (RFC 5322 §4.5 obs-optional: a receiver accepts it)', async () => {
      const body = buildMultipart(B, [
        {
          head: ['Content-Disposition : form-data; name="a"', 'Content-Type\t: text/csv'],
          body: '1,2',
        },
      ]);
      expect(await collect(formEnviron(MP, body)), H('obsolete syntax must be accepted')).toEqual([
        { name: 'a', filename: undefined, contentType: 'text/csv', value: '1,2' },
      ]);
    });

    it('a part with an empty head (no fields, not even a byte) is malformed, not too large', async () => {
      // The empty head is 0 bytes: within maxHeaderBytes 1, whatever the chunking.
      const body = enc(`--${B}\r\n\r\n${'v'.repeat(40)}\r\n--${B}--`);
      for (let cut = 1; cut <= body.length; cut++) {
        await expectRejectRule(
          collect(formEnviron(MP, body, [cut, 1, 2, 1]), { maxHeaderBytes: 1 }),
          GatewayError,
          'ERR_GATEWAY_FORM_MALFORMED',
          H('a part head can be empty: the part starts with the empty line'),
        );
      }
    });
  });

  describe('readForm: framing (RFC 2046 §5.1.1)', () => {
    it('transport padding split across input chunks at every position', async () => {
      const body = enc(
        `--${B} \t \r\n${A_PART}\r\n--${B}\t \t\r\nContent-Disposition: form-data; name="b"\r\n\r\nw\r\n--${B}--`,
      );
      for (let cut = 1; cut < body.length; cut++) {
        const parts = await collect(formEnviron(MP, body, [cut, 1, 2, 1]));
        expect(
          parts.map((p) => [p.name, p.value]),
          H('padding can end a chunk: read more before looking for the CRLF'),
        ).toEqual([
          ['a', 'v'],
          ['b', 'w'],
        ]);
      }
    });

    it.each([
      ['a delimiter followed by one "-"', `--${B}-\r\n${A_PART}\r\n--${B}--`],
      ['a delimiter followed by padding and "-"', `--${B} -\r\n${A_PART}\r\n--${B}--`],
      ['a delimiter followed by a bare LF', `--${B}x\n${A_PART}\r\n--${B}--`],
      ['a body cut right after a delimiter', `--${B}`],
      ['a body cut after a delimiter and one "-"', `--${B}-`],
      ['a body cut inside transport padding', `--${B}  `],
      [
        'a Content-Disposition other than form-data',
        `--${B}\r\nContent-Disposition: attachment; name="a"\r\n\r\nv\r\n--${B}--`,
      ],
    ])('ERR_GATEWAY_FORM_MALFORMED: %s', async (_name, body) => {
      await expectRejectRule(
        collect(formEnviron(MP, enc(body))),
        GatewayError,
        'ERR_GATEWAY_FORM_MALFORMED',
        H('"--" closes, padding then CRLF opens a part; anything else is broken'),
      );
    });

    it('asking for the next part after a part failed fails again, with no more parts', async () => {
      const body = enc(`--${B}\r\n${A_PART}alue, cut before any close delimiter`);
      const seen: string[] = [];
      const iterator = readForm(formEnviron(MP, body, [20, 20]))[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);
      if (!first.done) {
        seen.push(first.value.name);
        await expectRejectRule(first.value.text(), GatewayError, 'ERR_GATEWAY_FORM_MALFORMED');
      }
      await expectRejectRule(
        iterator.next(),
        GatewayError,
        'ERR_GATEWAY_FORM_MALFORMED',
        H('a truncated body is an error, not a short form'),
      );
      expect(seen).toEqual(['a']);
    });
  });

  describe('readForm: streaming', () => {
    it('hands out all but at most a delimiter of what it holds before reading more input', async () => {
      const head = `--${B}\r\nContent-Disposition: form-data; name="f"; filename="f.bin"\r\n\r\n`;
      const size = 200;
      const { environ, pulls } = countedInput([enc(head + 'x'.repeat(size)), enc(`\r\n--${B}--`)]);
      let early = 0;
      let total = 0;
      for await (const part of readForm(environ)) {
        for await (const chunk of part.body) {
          if (pulls() === 1) early += chunk.length;
          total += chunk.length;
        }
      }
      const delimiter = `\r\n--${B}`.length;
      expect(total).toBe(size);
      expect(
        early,
        H('keep the last delimiter.length - 1 bytes, hand out the rest'),
      ).toBeGreaterThanOrEqual(size - delimiter);
    });

    it('part.body never yields an empty chunk, whatever the chunking', async () => {
      const body = buildMultipart(B, [
        field('empty', ''),
        field('a', 'x'.repeat(50)),
        field('z', ''),
      ]);
      for (let cut = 1; cut < body.length; cut += 2) {
        const sizes: number[][] = [];
        for await (const part of readForm(formEnviron(MP, body, [cut, 1, 3, 1, 2]))) {
          const chunks: number[] = [];
          for await (const chunk of part.body) chunks.push(chunk.length);
          sizes.push(chunks);
        }
        expect(sizes[0], H('an empty field has no chunks')).toEqual([]);
        expect(sizes[2]).toEqual([]);
        expect(sizes[1]?.every((n) => n > 0)).toBe(true);
        expect(sizes[1]?.reduce((a, n) => a + n, 0)).toBe(50);
      }
    });
  });

  describe('readForm: default limits', () => {
    it('maxParts defaults to 1000', async () => {
      const fields = (n: number) =>
        buildMultipart(
          B,
          Array.from({ length: n }, (_, i) => field(`f${i}`, '')),
        );
      expect(await collect(formEnviron(MP, fields(1000)))).toHaveLength(1000);
      await expectRejectRule(
        collect(formEnviron(MP, fields(1001))),
        GatewayError,
        'ERR_GATEWAY_FORM_TOO_MANY_PARTS',
        H('the defaults: 10 MiB a part, 1000 parts, 8 KiB a head'),
      );
    });

    it('maxHeaderBytes defaults to 8 KiB', async () => {
      const head = (n: number) => {
        const first = 'Content-Disposition: form-data; name="a"';
        // Two lines joined by CRLF: the head is n bytes long.
        return [first, `X-Pad: ${'p'.repeat(n - first.length - 2 - 'X-Pad: '.length)}`];
      };
      const body = (n: number) => buildMultipart(B, [{ head: head(n), body: 'v' }]);
      expect(await collect(formEnviron(MP, body(8192)))).toHaveLength(1);
      await expectRejectRule(
        collect(formEnviron(MP, body(8193))),
        GatewayError,
        'ERR_GATEWAY_FORM_HEADER_TOO_LARGE',
        H('the defaults: 10 MiB a part, 1000 parts, 8 KiB a head'),
      );
    });

    it('maxPartBytes defaults to 10 MiB', async () => {
      const tenMiB = 10 * 1024 * 1024;
      const urlencoded = (n: number) =>
        formEnviron('application/x-www-form-urlencoded', enc(`a=${'x'.repeat(n - 2)}`));
      expect(await collect(urlencoded(tenMiB))).toHaveLength(1);
      await expectRejectRule(
        collect(urlencoded(tenMiB + 1)),
        GatewayError,
        'ERR_GATEWAY_FORM_PART_TOO_LARGE',
        H('the defaults: 10 MiB a part, 1000 parts, 8 KiB a head'),
      );
    });
  });
});
