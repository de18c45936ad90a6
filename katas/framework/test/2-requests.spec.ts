import { expectErrorCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { accepts, createApp, HttpError } from '../src/index.ts';
import { probe, useApp } from './helpers.ts';

const start = useApp();
const inside = probe(start);

const multipart = (boundary: string, parts: string[]): string =>
  `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`;

describe('2. Requests', () => {
  describe('query', () => {
    it('reads a value by name', async () => {
      const { value } = await inside((req) => req.query.get('q'), { target: '/probe?q=tea' });
      expect(value, hint(2, 'req.query.get(name): the first value')).toBe('tea');
    });

    it('keeps every value of a repeated name, in order', async () => {
      const { value } = await inside((req) => [req.query.get('t'), req.query.getAll('t')], {
        target: '/probe?t=a&x=1&t=b&t=c',
      });
      expect(value, hint(2, 'getAll keeps repeats; get is the first')).toEqual([
        'a',
        ['a', 'b', 'c'],
      ]);
    });

    it('decodes + as space and percent escapes (form encoding, through parseQuery)', async () => {
      const { value } = await inside((req) => req.query.get('q'), {
        target: '/probe?q=caf%C3%A9+au+lait',
      });
      expect(value, hint(2, 'the query is application/x-www-form-urlencoded')).toBe('café au lait');
    });

    it('lists names once in order of appearance, and every pair', async () => {
      const { value } = await inside((req) => [req.query.keys(), req.query.pairs()], {
        target: '/probe?b=1&a=2&b=3',
      });
      expect(value, hint(2, 'keys() and pairs()')).toEqual([
        ['b', 'a'],
        [
          ['b', '1'],
          ['a', '2'],
          ['b', '3'],
        ],
      ]);
    });

    it('answers undefined, [] and false for an absent name; an empty query has no names', async () => {
      const { value } = await inside((req) => [
        req.query.get('x'),
        req.query.getAll('x'),
        req.query.has('x'),
        req.query.keys(),
      ]);
      expect(value, hint(2, 'absent names')).toEqual([undefined, [], false, []]);
    });

    it('gives a name without "=" the empty value', async () => {
      const { value } = await inside((req) => [req.query.has('flag'), req.query.get('flag')], {
        target: '/probe?flag',
      });
      expect(value, hint(2, 'a=  and a alone are both the empty value')).toEqual([true, '']);
    });
  });

  describe('headers and cookies', () => {
    it('reads a field in any case', async () => {
      const { value } = await inside(
        (req) => [req.header('x-trace'), req.header('X-TRACE'), req.header('X-Trace')],
        { headers: { 'X-Trace': 'abc' } },
      );
      expect(value, hint(2, 'field names are case-insensitive (RFC 9110 §5.1)')).toEqual([
        'abc',
        'abc',
        'abc',
      ]);
    });

    it('reads Content-Type and Content-Length (CONTENT_TYPE, CONTENT_LENGTH in environ)', async () => {
      const { value } = await inside(
        (req) => [req.header('content-type'), req.header('Content-Length')],
        { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'abc' },
      );
      expect(value, hint(2, 'these two are not HTTP_* keys')).toEqual(['text/plain', '3']);
    });

    it('joins a repeated field with ", "', async () => {
      const { value } = await inside((req) => req.header('accept'), {
        headers: [
          ['Accept', 'text/html'],
          ['Accept', 'application/json'],
        ],
      });
      expect(value, hint(2, 'the gateway joins repeated fields')).toBe(
        'text/html, application/json',
      );
    });

    it('answers undefined for an absent field', async () => {
      const { value } = await inside((req) => req.header('x-none'));
      expect(value, hint(2, 'absent field')).toBeUndefined();
    });

    it('answers undefined for Content-Type and Content-Length when the request has no body', async () => {
      const { value } = await inside((req) => [
        req.header('content-type'),
        req.header('CONTENT-LENGTH'),
      ]);
      expect(value, hint(2, 'no body, no such fields')).toEqual([undefined, undefined]);
    });

    it('reads a field whose name has several dashes', async () => {
      const { value } = await inside((req) => req.header('x-a-b-c'), {
        headers: { 'X-A-B-C': 'dashes' },
      });
      expect(value, hint(2, 'every "-" becomes "_" in the HTTP_* key')).toBe('dashes');
    });

    it('parses cookies into a Map (kata 13’s parseCookie)', async () => {
      const { value } = await inside((req) => Object.fromEntries(req.cookies), {
        headers: { Cookie: 'a=1; b=two%20words' },
      });
      expect(value, hint(2, 'req.cookies from the Cookie field')).toEqual({
        a: '1',
        b: 'two words',
      });
    });

    it('has no cookies without a Cookie field', async () => {
      const { value } = await inside((req) => req.cookies.size);
      expect(value, hint(2, 'an empty Map')).toBe(0);
    });
  });

  describe('bodies', () => {
    it('reads the raw bytes, and the same bytes again', async () => {
      const { value } = await inside(
        async (req) => [Buffer.from(await req.bytes()).toString(), await req.text()],
        { method: 'POST', body: 'héllo' },
      );
      expect(value, hint(2, 'read the input once, keep the bytes')).toEqual(['héllo', 'héllo']);
    });

    it('parses a JSON body', async () => {
      const { value } = await inside((req) => req.json(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: '{"a":[1,2,{"b":null}]}',
      });
      expect(value, hint(2, 'req.json()')).toEqual({ a: [1, 2, { b: null }] });
    });

    it('accepts +json media types (merge-patch)', async () => {
      const { value } = await inside((req) => req.json(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: '{"done":true}',
      });
      expect(value, hint(2, 'any application/*+json is JSON (RFC 6839)')).toEqual({ done: true });
    });

    it('refuses JSON of another media type with 415', async () => {
      const { error } = await inside((req) => req.json(), {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: '{}',
      });
      const e = expectErrorCode(
        error,
        HttpError,
        'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE',
        hint(2, '415'),
      );
      expect(e.status).toBe(415);
    });

    it('refuses JSON without a Content-Type with 415', async () => {
      const { error } = await inside((req) => req.json(), { method: 'POST', body: '{}' });
      expectErrorCode(error, HttpError, 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', hint(2, 'no type: 415'));
    });

    it('refuses malformed JSON with 400', async () => {
      const { error } = await inside((req) => req.json(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"a":',
      });
      const e = expectErrorCode(
        error,
        HttpError,
        'ERR_HTTP_MALFORMED_BODY',
        hint(2, 'bad JSON: 400'),
      );
      expect(e.status).toBe(400);
    });

    it('answers the client 415 as problem details when the handler lets the error go', async () => {
      const app = createApp().post('/j', async (req, res) => res.json(await req.json()));
      const res = await (await start(app)).call('/j', {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv' },
        body: 'a,b',
      });
      expect(res.status, hint(2, 'the HttpError becomes the response')).toBe(415);
      expect(res.headers['content-type']).toBe('application/problem+json');
    });

    it('refuses a body that is not UTF-8 as text with 400', async () => {
      const { error } = await inside((req) => req.text(), {
        method: 'POST',
        body: new Uint8Array([0x61, 0xff, 0xfe]),
      });
      expectErrorCode(error, HttpError, 'ERR_HTTP_MALFORMED_BODY', hint(2, 'fatal UTF-8 decoding'));
    });
  });

  describe('body limits', () => {
    const limited = (max: number) =>
      createApp({ maxBodyBytes: max }).post('/b', async (req, res) =>
        res.text(String((await req.bytes()).length)),
      );

    it('reads a body of exactly maxBodyBytes', async () => {
      const res = await (await start(limited(10))).call('/b', {
        method: 'POST',
        body: '0123456789',
      });
      expect(res.text, hint(2, 'the limit is inclusive')).toBe('10');
    });

    it('answers 413 for one byte more', async () => {
      const res = await (await start(limited(10))).call('/b', {
        method: 'POST',
        body: '0123456789X',
      });
      expect(res.status, hint(2, 'more than maxBodyBytes: 413')).toBe(413);
      expect(res.json).toMatchObject({ status: 413 });
    });

    it('answers 413 from Content-Length alone, without waiting for the body', async () => {
      const res = await (await start(limited(10))).call('/b', {
        method: 'POST',
        headers: { 'Content-Length': '100000' },
        body: 'abc',
      });
      expect(res.status, hint(2, 'check the declared length before reading')).toBe(413);
    });

    it('counts a chunked body as it arrives', async () => {
      const res = await (await start(limited(10))).call('/b', {
        method: 'POST',
        headers: { 'Transfer-Encoding': 'chunked' },
        body: '8\r\n01234567\r\n8\r\n89abcdef\r\n0\r\n\r\n',
      });
      expect(res.status, hint(2, 'no Content-Length: count while reading')).toBe(413);
    });

    it('applies the limit to JSON too (default 1 MiB)', async () => {
      const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) });
      const { error } = await inside((req) => req.json(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: big,
      });
      const e = expectErrorCode(
        error,
        HttpError,
        'ERR_HTTP_BODY_TOO_LARGE',
        hint(2, '1 MiB default'),
      );
      expect(e.status).toBe(413);
    });
  });

  describe('forms', () => {
    it('reads an urlencoded form, repeated names kept', async () => {
      const { value } = await inside(
        async (req) => {
          const form = await req.form();
          return [form.fields.get('name'), form.fields.getAll('tag'), form.files.length];
        },
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'name=Ada+L&tag=a&tag=b',
        },
      );
      expect(value, hint(2, 'req.form() for urlencoded')).toEqual(['Ada L', ['a', 'b'], 0]);
    });

    it('reads multipart/form-data: fields and files', async () => {
      const body = multipart('XyZ', [
        'Content-Disposition: form-data; name="title"\r\n\r\nHello',
        'Content-Disposition: form-data; name="doc"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nfile body',
      ]);
      const { value } = await inside(
        async (req) => {
          const form = await req.form();
          const [file] = form.files;
          return [
            form.fields.get('title'),
            file?.field,
            file?.filename,
            file?.contentType,
            Buffer.from(file?.bytes ?? []).toString(),
          ];
        },
        { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' }, body },
      );
      expect(value, hint(2, 'readForm from the gateway, files apart')).toEqual([
        'Hello',
        'doc',
        'a.txt',
        'text/plain',
        'file body',
      ]);
    });

    it('refuses a form of another media type with 415', async () => {
      const { error } = await inside((req) => req.form(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      expectErrorCode(error, HttpError, 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', hint(2, 'forms only'));
    });

    it('answers 413 for a multipart body over the limit', async () => {
      const body = multipart('b0', [
        `Content-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n${'x'.repeat(5000)}`,
      ]);
      const app = createApp({ maxBodyBytes: 1000 }).post('/f', async (req, res) => {
        await req.form();
        res.text('read');
      });
      const res = await (await start(app)).call('/f', {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=b0' },
        body,
      });
      expect(res.status, hint(2, 'the limit holds for multipart')).toBe(413);
    });
  });

  describe('accepts (content negotiation)', () => {
    const table: Array<[string | undefined, string[], string | undefined]> = [
      [undefined, ['application/json'], 'application/json'],
      ['', ['application/json'], 'application/json'],
      ['*/*', ['application/json'], 'application/json'],
      ['application/*', ['application/json'], 'application/json'],
      ['text/html', ['application/json'], undefined],
      ['application/json;q=0', ['application/json'], undefined],
      ['*/*;q=0.1, application/json;q=0', ['application/json'], undefined],
      ['text/html;q=0.5, application/json', ['text/html', 'application/json'], 'application/json'],
      ['text/html, application/json;q=0.9', ['application/json', 'text/html'], 'text/html'],
      ['APPLICATION/JSON', ['application/json'], 'application/json'],
      ['   ', ['application/json'], 'application/json'],
      ['text/html;level=1', ['text/html'], 'text/html'],
      ['application/json;xq=0', ['application/json'], 'application/json'],
      ['application/json;q=0junk', ['application/json'], 'application/json'],
      [
        'text/html;q=0.25, application/json;q=0.5',
        ['text/html', 'application/json'],
        'application/json',
      ],
    ];
    it.each(table)('Accept %j, offering %j → %j', (accept, offered, expected) => {
      expect(accepts(accept, offered), hint(2, 'q-values; the most specific range decides')).toBe(
        expected,
      );
    });
  });

  describe('edges of the body readers', () => {
    it('reads a chunked body of exactly maxBodyBytes', async () => {
      const app = createApp({ maxBodyBytes: 10 }).post('/b', async (req, res) =>
        res.text(String((await req.bytes()).length)),
      );
      const res = await (await start(app)).call('/b', {
        method: 'POST',
        headers: { 'Transfer-Encoding': 'chunked' },
        body: '5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n',
      });
      expect(res.text, hint(2, 'the limit is inclusive while counting too')).toBe('10');
    });

    it('reads JSON whatever the case of its media type, parameters and spaces', async () => {
      const { value } = await inside((req) => req.json(), {
        method: 'POST',
        headers: { 'Content-Type': ' Application/JSON ; charset=UTF-8' },
        body: '[1]',
      });
      expect(value, hint(2, 'media types are case-insensitive (RFC 9110 §8.3.1)')).toEqual([1]);
    });

    it('refuses a JSON text sequence (application/geo+json-seq, RFC 8142) with 415', async () => {
      const { error } = await inside((req) => req.json(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/geo+json-seq' },
        body: '\u001e{}\n',
      });
      expectErrorCode(error, HttpError, 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', hint(2, '+json only'));
    });

    it('answers 413 to a multipart Content-Length over the limit, without waiting for the body', async () => {
      const app = createApp({ maxBodyBytes: 1000 }).post('/f', async (req, res) => {
        await req.form();
        res.text('read');
      });
      const res = await (await start(app)).call('/f', {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=b0', 'Content-Length': '100000' },
        body: '--b0\r\n',
      });
      expect(res.status, hint(2, 'check the declared length before reading a form')).toBe(413);
    });

    it('answers 413 when the parts of a chunked form together pass the limit', async () => {
      const body = multipart('b1', [
        `Content-Disposition: form-data; name="a"; filename="a.bin"\r\n\r\n${'a'.repeat(60)}`,
        `Content-Disposition: form-data; name="b"\r\n\r\n${'b'.repeat(60)}`,
      ]);
      const app = createApp({ maxBodyBytes: 100 }).post('/f', async (req, res) => {
        const form = await req.form();
        res.text(String(form.files.length));
      });
      const res = await (await start(app)).call('/f', {
        method: 'POST',
        headers: {
          'Content-Type': 'multipart/form-data; boundary=b1',
          'Transfer-Encoding': 'chunked',
        },
        body: `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      });
      expect(res.status, hint(2, 'count the parts together, not only each')).toBe(413);
    });

    it('refuses a type that only ends in application/…+json with 415', async () => {
      const { error } = await inside((req) => req.json(), {
        method: 'POST',
        headers: { 'Content-Type': 'x-application/problem+json' },
        body: '{}',
      });
      expectErrorCode(
        error,
        HttpError,
        'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE',
        hint(2, 'application/…+json, whole'),
      );
    });

    it('reads a multipart body whose Content-Length is exactly maxBodyBytes, fields and nothing else', async () => {
      const body = multipart('b3', ['Content-Disposition: form-data; name="a"\r\n\r\nhello']);
      const app = createApp({ maxBodyBytes: body.length }).post('/f', async (req, res) => {
        const form = await req.form();
        res.json([form.fields.pairs(), form.files.length]);
      });
      const res = await (await start(app)).call('/f', {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=b3' },
        body,
      });
      expect(res.status, hint(2, 'the declared limit is inclusive for forms too')).toBe(200);
      expect(res.json, hint(2, 'text parts are the fields, in order')).toEqual([
        [['a', 'hello']],
        0,
      ]);
    });

    it('reads a chunked form whose parts together are exactly maxBodyBytes', async () => {
      const body = multipart('b4', [
        `Content-Disposition: form-data; name="a"; filename="a.bin"\r\n\r\n${'a'.repeat(50)}`,
        `Content-Disposition: form-data; name="b"\r\n\r\n${'b'.repeat(50)}`,
      ]);
      const app = createApp({ maxBodyBytes: 100 }).post('/f', async (req, res) => {
        const form = await req.form();
        res.json([form.files.length, form.fields.get('b')?.length]);
      });
      const res = await (await start(app)).call('/f', {
        method: 'POST',
        headers: {
          'Content-Type': 'multipart/form-data; boundary=b4',
          'Transfer-Encoding': 'chunked',
        },
        body: `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      });
      expect(res.json, hint(2, 'the parts count up to the limit, inclusive')).toEqual([1, 50]);
    });

    it('answers 413, not 400, to one chunked part over the limit', async () => {
      const body = multipart('b5', [
        `Content-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n${'x'.repeat(5000)}`,
      ]);
      const app = createApp({ maxBodyBytes: 1000 }).post('/f', async (req, res) => {
        await req.form();
        res.text('read');
      });
      const res = await (await start(app)).call('/f', {
        method: 'POST',
        headers: {
          'Content-Type': 'multipart/form-data; boundary=b5',
          'Transfer-Encoding': 'chunked',
        },
        body: `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      });
      expect(res.status, hint(2, 'a part over the limit is a body over the limit: 413')).toBe(413);
    });

    it('reads one part as large as maxBodyBytes allows, whatever the form reader would default to', async () => {
      const MiB = 1024 * 1024;
      const app = createApp({ maxBodyBytes: 16 * MiB }).post('/f', async (req, res) => {
        const form = await req.form();
        res.json(form.files[0]?.bytes.length);
      });
      const body = `--b6\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n${'a'.repeat(11 * MiB)}\r\n--b6--\r\n`;
      // The server's own body limit is raised too: the part limit under test is the framework's.
      const res = await (await start(app, { maxBodyBytes: 16 * MiB })).call('/f', {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=b6' },
        body,
      });
      expect(res.status, hint(2, 'the part limit is maxBodyBytes (16 MiB here)')).toBe(200);
      expect(res.json, hint(2, 'every byte of the part')).toBe(11 * MiB);
    });

    it('refuses a malformed multipart body with 400', async () => {
      const { error } = await inside((req) => req.form(), {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=b2' },
        body: 'no boundary anywhere in here',
      });
      const e = expectErrorCode(error, HttpError, 'ERR_HTTP_MALFORMED_BODY', hint(2, '400'));
      expect(e.status).toBe(400);
    });
  });
});
