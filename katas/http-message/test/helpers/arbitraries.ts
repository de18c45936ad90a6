/**
 * fast-check generators of HTTP messages: every one a valid message unless its name says
 * otherwise. Kept to what both this kata and llhttp accept, so they serve the differential
 * property too (llhttp only knows a fixed list of methods, and treats CONNECT and Upgrade as
 * the end of HTTP on the connection).
 */
import fc from 'fast-check';

/** Field names that change framing or connection handling: generated separately, never at random. */
const RESERVED = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'upgrade',
  'expect',
  'trailer',
]);

export const tokenArb: fc.Arbitrary<string> = fc.stringMatching(
  /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,16}$/,
);

export const fieldNameArb: fc.Arbitrary<string> = tokenArb.filter(
  (n) => !RESERVED.has(n.toLowerCase()),
);

/** field-value: field-vchar at both ends, SP / HTAB / field-vchar inside (Latin-1 obs-text included). */
export const fieldValueArb: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[\x21-\x7e]([\x20\x21-\x7e]{0,24}[\x21-\x7e])?$/),
  fc.stringMatching(
    /^[\x21-\x7e\x80-\xff]([\x09\x20\x21-\x7e\x80-\xff]{0,24}[\x21-\x7e\x80-\xff])?$/,
  ),
  fc.constant(''),
);

export const fieldsArb: fc.Arbitrary<Array<[string, string]>> = fc.array(
  fc.tuple(fieldNameArb, fieldValueArb),
  {
    maxLength: 8,
  },
);

export const originFormArb: fc.Arbitrary<string> = fc.stringMatching(
  /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,24}(\?[A-Za-z0-9=&%/?._-]{0,16})?$/,
);

export const targetArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: originFormArb },
  { weight: 1, arbitrary: originFormArb.map((p) => `http://example.com${p}`) },
);

/** Methods llhttp knows, minus CONNECT (which ends HTTP on the connection for llhttp). */
export const methodArb: fc.Arbitrary<string> = fc.constantFrom(
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'PROPFIND',
);

export const bodyArb: fc.Arbitrary<Uint8Array> = fc.uint8Array({ maxLength: 120 });

export type Framing = 'length' | 'chunked' | 'none';

export interface GenRequest {
  method: string;
  target: string;
  version: 'HTTP/1.1' | 'HTTP/1.0';
  fields: Array<[string, string]>;
  framing: Framing;
  body: Uint8Array;
  /** Sizes of the chunks the body is cut into (chunked framing). */
  pieces: number[];
  trailers: Array<[string, string]>;
}

export const requestArb: fc.Arbitrary<GenRequest> = fc
  .record({
    method: methodArb,
    target: targetArb,
    version: fc.constantFrom<'HTTP/1.1' | 'HTTP/1.0'>('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0'),
    fields: fieldsArb,
    framing: fc.constantFrom<Framing>('length', 'chunked', 'none'),
    body: bodyArb,
    pieces: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 6 }),
    trailers: fc.array(fc.tuple(fieldNameArb, fieldValueArb), { maxLength: 3 }),
  })
  .map((r) => {
    const framing: Framing =
      r.version === 'HTTP/1.0' && r.framing === 'chunked' ? 'length' : r.framing;
    return {
      ...r,
      framing,
      body: framing === 'none' ? new Uint8Array(0) : r.body,
      trailers: framing === 'chunked' ? r.trailers : [],
    };
  });

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** The field lines of a generated request, framing fields included, in wire order. */
export function headLines(r: GenRequest): Array<[string, string]> {
  const lines: Array<[string, string]> = [['Host', 'example.com'], ...r.fields];
  if (r.framing === 'length') lines.push(['Content-Length', String(r.body.length)]);
  if (r.framing === 'chunked') lines.push(['Transfer-Encoding', 'chunked']);
  return lines;
}

/** Hand-written wire text of a generated request (independent of the serializer under test). */
export function wire(r: GenRequest): string {
  let out = `${r.method} ${r.target} ${r.version}\r\n`;
  for (const [n, v] of headLines(r)) out += `${n}: ${v}\r\n`;
  out += '\r\n';
  if (r.framing === 'length') out += latin1(r.body);
  if (r.framing === 'chunked') {
    let at = 0;
    const pieces = [...r.pieces];
    while (at < r.body.length) {
      const size = Math.min(pieces.shift() ?? r.body.length, r.body.length - at);
      out += `${size.toString(16)}\r\n${latin1(r.body.subarray(at, at + size))}\r\n`;
      at += size;
    }
    out += '0\r\n';
    for (const [n, v] of r.trailers) out += `${n}: ${v}\r\n`;
    out += '\r\n';
  }
  return out;
}

/** Cut points for splitting n bytes into pieces: sorted, distinct, inside (0, n). */
export function cutsArb(n: number): fc.Arbitrary<number[]> {
  if (n < 2) return fc.constant([]);
  return fc
    .uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: Math.min(20, n - 1) })
    .map((c) => c.sort((a, b) => a - b));
}

/** A valid request turned invalid in a way both this kata and llhttp must refuse. */
export const MUTATIONS: Record<string, (wireText: string) => string> = {
  'space before a colon (CVE-2021-22959)': (w) => w.replace('Host:', 'Host :'),
  'bare LF after the request line (CVE-2022-32214)': (w) => w.replace('\r\n', '\n'),
  'bare CR after the Host line (CVE-2023-30589)': (w) =>
    w.replace('example.com\r\n', 'example.com\r'),
  'Content-Length with Transfer-Encoding': (w) =>
    w.replace('\r\n\r\n', '\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n'),
  'obs-fold': (w) => w.replace('example.com\r\n', 'example.com\r\n folded\r\n'),
  'a "@" in a field name': (w) => w.replace('Host:', 'Ho@st:'),
  'a NUL in a field value': (w) => w.replace('example.com', 'exam\x00ple.com'),
  'a signed Content-Length': (w) => w.replace('\r\n\r\n', '\r\nContent-Length: +1\r\n\r\n'),
  'a Transfer-Encoding not ending in chunked': (w) =>
    w.replace('\r\n\r\n', '\r\nTransfer-Encoding: chunked, gzip\r\n\r\n'),
  'a space inside the version': (w) => w.replace('HTTP/1.', 'HTTP/ 1.'),
  'a control byte in the target': (w) => w.replace(' ', ' \x01'),
};
