import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeForm, type Form } from '../src/index.ts';

const crlf = (s: string): string => s.replace(/\r\n|\r|\n/g, '\r\n');
const name = fc.string({ unit: fc.constantFrom(...'abcxyz_-0123'), minLength: 1, maxLength: 6 });
const value = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    ' ',
    '&',
    '=',
    '+',
    '%',
    '\n',
    '\r',
    'é',
    '€',
    '😀',
    '"',
    '#',
    '?',
  ),
  maxLength: 10,
});
const entries = fc.array(fc.tuple(name, value), { maxLength: 6 });
const form = (
  method: 'GET' | 'POST',
  enctype: Form['enctype'],
  fields: Array<[string, string]>,
): Form => ({
  action: 'http://h.test/submit?old=1',
  method,
  enctype,
  fields: fields.map(([n, v]) => ({ name: n, value: v, type: 'text' })),
});

describe('11. Properties', () => {
  it('urlencoded bodies decode (URLSearchParams) to the entries, line breaks as CRLF', () => {
    fc.assert(
      fc.property(entries, (fields) => {
        const enc = encodeForm(form('POST', 'application/x-www-form-urlencoded', fields));
        const decoded = [...new URLSearchParams(new TextDecoder().decode(enc.body))];
        expect(decoded, hint(7, 'serializeQuery of the entries, CRLF-normalized')).toEqual(
          fields.map(([n, v]) => [n, crlf(v)]),
        );
      }),
      fcParams(200),
    );
  });

  it('GET forms put exactly the entries in the query', () => {
    fc.assert(
      fc.property(entries, (fields) => {
        const enc = encodeForm(form('GET', 'application/x-www-form-urlencoded', fields));
        expect(enc.url.startsWith('http://h.test/submit?')).toBe(true);
        const query = enc.url.slice('http://h.test/submit?'.length);
        expect([...new URLSearchParams(query)]).toEqual(fields.map(([n, v]) => [n, crlf(v)]));
      }),
      fcParams(200),
    );
  });

  it('multipart bodies parse (undici’s FormData parser) to the entries (RFC 7578)', async () => {
    await fc.assert(
      fc.asyncProperty(entries, async (fields) => {
        const enc = encodeForm(form('POST', 'multipart/form-data', fields));
        const type = enc.headers.find(([n]) => n.toLowerCase() === 'content-type')![1];
        const parsed = await new Response(enc.body, {
          headers: { 'content-type': type },
        }).formData();
        expect(
          [...parsed.entries()],
          hint(7, 'one part per entry, CRLF line ends, final --boundary--'),
        ).toEqual(fields.map(([n, v]) => [n, crlf(v)]));
      }),
      fcParams(100),
    );
  });
});
