import { hint } from '@hbu/kata-kit/expect-code';
import { connect } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { type App, type FormOptions, GatewayError, readForm } from '../src/index.ts';
import { enc, expectRejectRule, expectRule, gate, sleep, text, useGateway } from './helpers.ts';
import { buildMultipart, collect, collectBusboy, field, formEnviron } from './multipart.ts';

const start = useGateway();
const B = 'XyZ-boundary';
const MP = `multipart/form-data; boundary=${B}`;
const H = (t: string) => hint(5, t);

describe('5. Middleware', () => {
  describe('readForm: application/x-www-form-urlencoded', () => {
    it('yields the pairs in order, "+" and %XX decoded as UTF-8', async () => {
      const env = formEnviron(
        'application/x-www-form-urlencoded',
        enc('a=1&b=two+words&c=%C3%A9&a=2'),
      );
      const parts = await collect(env);
      expect(parts.map((p) => [p.name, Buffer.from(p.value, 'latin1').toString('utf8')])).toEqual([
        ['a', '1'],
        ['b', 'two words'],
        ['c', 'é'],
        ['a', '2'],
      ]);
    });

    it('accepts a charset parameter on the type', async () => {
      const env = formEnviron('application/x-www-form-urlencoded; charset=UTF-8', enc('x=y'));
      expect((await collect(env)).map((p) => p.value)).toEqual(['y']);
    });

    it('each pair is a text/plain part without fields, readable as body, bytes or text', async () => {
      const type = 'application/x-www-form-urlencoded';
      const seen: unknown[] = [];
      for await (const part of readForm(formEnviron(type, enc('n=%C3%A9t%C3%A9&m=2')))) {
        const streamed: Uint8Array[] = [];
        if (part.name === 'n') for await (const c of part.body) streamed.push(c);
        else streamed.push(await part.bytes());
        seen.push([
          part.contentType,
          part.headers,
          Buffer.concat(streamed).toString(),
          await part.text(),
        ]);
      }
      expect(seen, H('a FormPart, whatever the encoding')).toEqual([
        ['text/plain', [], '\u00e9t\u00e9', '\u00e9t\u00e9'],
        ['text/plain', [], '2', '2'],
      ]);
    });

    it('the limits are inclusive, and maxParts counts pairs', async () => {
      const type = 'application/x-www-form-urlencoded';
      const names = async (body: string, options: FormOptions) =>
        (await collect(formEnviron(type, enc(body)), options)).map((p) => p.name);
      expect(await names('a=1&b=2&c=3', { maxParts: 3, maxPartBytes: 11 })).toEqual([
        'a',
        'b',
        'c',
      ]);
      await expectRejectRule(
        names('a=1&b=2&c=3', { maxParts: 2 }),
        GatewayError,
        'ERR_GATEWAY_FORM_TOO_MANY_PARTS',
        H('count the pairs'),
      );
    });

    it('refuses a body over maxPartBytes', async () => {
      const env = formEnviron('application/x-www-form-urlencoded', enc(`a=${'x'.repeat(100)}`));
      await expectRejectRule(
        collect(env, { maxPartBytes: 50 }),
        GatewayError,
        'ERR_GATEWAY_FORM_PART_TOO_LARGE',
        H('count bytes as they come'),
      );
    });
  });

  describe('readForm: multipart/form-data (RFC 7578)', () => {
    it('yields fields and files with names, filenames and types', async () => {
      const body = buildMultipart(B, [
        field('title', 'A day'),
        {
          head: [
            'Content-Disposition: form-data; name="doc"; filename="notes.txt"',
            'Content-Type: text/markdown',
          ],
          body: '# hi\r\n',
        },
      ]);
      expect(await collect(formEnviron(MP, body))).toEqual([
        { name: 'title', filename: undefined, contentType: 'text/plain', value: 'A day' },
        { name: 'doc', filename: 'notes.txt', contentType: 'text/markdown', value: '# hi\r\n' },
      ]);
    });

    it('finds delimiters split across input chunks at every position', async () => {
      const body = buildMultipart(B, [field('a', 'alpha'), field('b', 'beta\r\n--not-it')]);
      for (let cut = 1; cut < body.length; cut += 3) {
        const parts = await collect(formEnviron(MP, body, [cut, 1, 2, 1]));
        expect(
          parts.map((p) => p.value),
          H('keep the tail that may start a delimiter'),
        ).toEqual(['alpha', 'beta\r\n--not-it']);
      }
    });

    it('keeps binary bytes exactly (CR, LF, "--", NUL, 0xFF)', async () => {
      const bytes = Buffer.from([0, 13, 10, 45, 45, 255, 13, 10, 13, 10, 45]);
      const body = buildMultipart(B, [
        { head: ['Content-Disposition: form-data; name="f"; filename="b.bin"'], body: bytes },
      ]);
      const [part] = await collect(formEnviron(MP, body, [7]));
      expect(Buffer.from(part!.value, 'latin1').equals(bytes)).toBe(true);
    });

    it('ignores the preamble and the epilogue', async () => {
      const body = buildMultipart(B, [field('a', '1')], {
        preamble: 'This is a preamble.',
        epilogue: 'bye\r\n',
      });
      expect((await collect(formEnviron(MP, body))).map((p) => p.value)).toEqual(['1']);
    });

    it('accepts transport padding after a delimiter (RFC 2046 §5.1.1)', async () => {
      const body = Buffer.from(
        `--${B}  \t\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${B}--`,
      );
      expect((await collect(formEnviron(MP, body))).map((p) => p.value)).toEqual(['v']);
    });

    it('reads a quoted boundary parameter', async () => {
      const b = 'with space:and(parens)';
      const body = buildMultipart(b, [field('a', '1')]);
      expect(
        (await collect(formEnviron(`multipart/form-data; boundary="${b}"`, body))).map(
          (p) => p.value,
        ),
      ).toEqual(['1']);
    });

    it('reads a quoted filename with an escaped quote', async () => {
      const body = buildMultipart(B, [
        { head: ['Content-Disposition: form-data; name="f"; filename="a \\"b\\".txt"'], body: 'x' },
      ]);
      expect((await collect(formEnviron(MP, body)))[0]!.filename).toBe('a "b".txt');
    });

    it('reads an RFC 5987 filename*, which wins over filename', async () => {
      const body = buildMultipart(B, [
        {
          head: [
            `Content-Disposition: form-data; name="f"; filename="EURO rates.txt"; filename*=UTF-8''%e2%82%ac%20rates.txt`,
          ],
          body: 'x',
        },
      ]);
      expect(
        (await collect(formEnviron(MP, body)))[0]!.filename,
        H('RFC 5987: charset, language, %XX bytes'),
      ).toBe('€ rates.txt');
    });

    it.each([
      ['form-data;\t;\tname="a"', 'a', undefined],
      ['form-data; ; name="a"', 'a', undefined],
      ['form-data ; name="a"', 'a', undefined],
      ['form-data; name="a"; flag', 'a', undefined],
      ['form-data; name="first"; name="second"', 'first', undefined],
      ['form-data; name="back\\\\slash"', 'back\\slash', undefined],
      ["form-data; name=f; filename*=iso-8859-1''caf%E9.txt", 'f', 'caf\u00e9.txt'],
      ["form-data; name=f; filename*=UTF-8''%FF.txt; filename=plain.txt", 'f', 'plain.txt'],
    ])('reads Content-Disposition: %s', async (disposition, name, filename) => {
      const body = buildMultipart(B, [
        { head: [`Content-Disposition: ${disposition}`], body: 'x' },
      ]);
      const [part] = await collect(formEnviron(MP, body));
      expect(
        [part?.name, part?.filename],
        H('OWS, ";"-separated parameters, the first of a name wins, RFC 5987 values'),
      ).toEqual([name, filename]);
    });

    it('keeps only the last segment of a filename with a path (RFC 7578 §4.2)', async () => {
      const body = buildMultipart(B, [
        {
          head: ['Content-Disposition: form-data; name="a"; filename="../../etc/passwd"'],
          body: '',
        },
        {
          head: ['Content-Disposition: form-data; name="b"; filename="C:\\Users\\me\\x.txt"'],
          body: '',
        },
      ]);
      expect((await collect(formEnviron(MP, body))).map((p) => p.filename)).toEqual([
        'passwd',
        'x.txt',
      ]);
    });

    it('skips the rest of a part the caller did not read', async () => {
      const body = buildMultipart(B, [field('big', 'x'.repeat(10_000)), field('small', 'ok')]);
      const names: string[] = [];
      let small = '';
      for await (const part of readForm(formEnviron(MP, body, [100, 100]))) {
        names.push(part.name);
        if (part.name === 'small') small = await part.text();
      }
      expect(names).toEqual(['big', 'small']);
      expect(small).toBe('ok');
    });

    it('an empty form (close delimiter only) has no parts', async () => {
      expect(await collect(formEnviron(MP, Buffer.from(`--${B}--\r\n`)))).toEqual([]);
    });

    it.each([
      ['text/plain', 'ERR_GATEWAY_FORM_TYPE'],
      ['', 'ERR_GATEWAY_FORM_TYPE'],
      ['multipart/form-data', 'ERR_GATEWAY_FORM_BOUNDARY'],
      ['multipart/form-data; boundary=', 'ERR_GATEWAY_FORM_BOUNDARY'],
      [`multipart/form-data; boundary=${'b'.repeat(71)}`, 'ERR_GATEWAY_FORM_BOUNDARY'],
    ])('Content-Type %j → %s, at once', (type, code) => {
      expectRule(
        () => readForm(formEnviron(type, enc(''))),
        GatewayError,
        code,
        H('check the type before reading'),
      );
    });

    it.each([
      ['no delimiter at all', 'just text'],
      ['no close delimiter', `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue`],
      ['cut inside a part head', `--${B}\r\nContent-Disposition: form-da`],
      [
        'junk after a delimiter',
        `--${B}junk\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${B}--`,
      ],
      [
        'a part without Content-Disposition',
        `--${B}\r\nContent-Type: text/plain\r\n\r\nv\r\n--${B}--`,
      ],
      ['a part without a name', `--${B}\r\nContent-Disposition: form-data\r\n\r\nv\r\n--${B}--`],
      [
        'CR without LF after a delimiter',
        `--${B}\r\tContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${B}--`,
      ],
      [
        'a field line that starts with a colon',
        `--${B}\r\nContent-Disposition: form-data; name="a"\r\n: x\r\n\r\nv\r\n--${B}--`,
      ],
      [
        'a field line without a colon',
        `--${B}\r\nContent-Disposition: form-data; name="a"\r\nnocolon\r\n\r\nv\r\n--${B}--`,
      ],
    ])('ERR_GATEWAY_FORM_MALFORMED: %s', async (_name, body) => {
      await expectRejectRule(
        collect(formEnviron(MP, enc(body))),
        GatewayError,
        'ERR_GATEWAY_FORM_MALFORMED',
        H('a truncated or broken body is an error, not a short form'),
      );
    });

    it('ERR_GATEWAY_FORM_PART_TOO_LARGE past maxPartBytes', async () => {
      const body = buildMultipart(B, [field('a', 'x'.repeat(5000))]);
      await expectRejectRule(
        collect(formEnviron(MP, body, [512]), { maxPartBytes: 1000 }),
        GatewayError,
        'ERR_GATEWAY_FORM_PART_TOO_LARGE',
        H('count bytes per part'),
      );
    });

    it('ERR_GATEWAY_FORM_TOO_MANY_PARTS past maxParts', async () => {
      const body = buildMultipart(
        B,
        Array.from({ length: 5 }, (_, i) => field(`f${i}`, 'v')),
      );
      await expectRejectRule(
        collect(formEnviron(MP, body), { maxParts: 4 }),
        GatewayError,
        'ERR_GATEWAY_FORM_TOO_MANY_PARTS',
        H('count parts'),
      );
    });

    it('the limits are inclusive: maxParts parts, a part of maxPartBytes, a head of maxHeaderBytes', async () => {
      const head = 'Content-Disposition: form-data; name="a"';
      const parts = [
        { head: [head], body: 'x'.repeat(100) },
        field('b', ''),
        field('c', ''),
        field('d', ''),
      ];
      const body = buildMultipart(B, parts);
      // The first cut ends with the head's last byte: the reader holds exactly maxHeaderBytes.
      const cut = `--${B}\r\n${head}`.length;
      const got = await collect(formEnviron(MP, body, [cut]), {
        maxParts: 4,
        maxPartBytes: 100,
        maxHeaderBytes: head.length,
      });
      expect(
        got.map((p) => p.name),
        H('a limit is the largest size allowed, not the first refused'),
      ).toEqual(['a', 'b', 'c', 'd']);
    });

    it('ERR_GATEWAY_FORM_HEADER_TOO_LARGE past maxHeaderBytes', async () => {
      const body = buildMultipart(B, [
        {
          head: ['Content-Disposition: form-data; name="a"', `X-Pad: ${'p'.repeat(3000)}`],
          body: 'v',
        },
      ]);
      await expectRejectRule(
        collect(formEnviron(MP, body, [100]), { maxHeaderBytes: 1024 }),
        GatewayError,
        'ERR_GATEWAY_FORM_HEADER_TOO_LARGE',
        H('bound the part head'),
      );
    });

    it('streams a file: its first bytes reach the app before the client sent the rest', async () => {
      const firstBytes = gate();
      const app: App = (environ, startResponse) =>
        (async function* () {
          let size = 0;
          for await (const part of readForm(environ)) {
            for await (const chunk of part.body) {
              if (size === 0) firstBytes.open();
              size += chunk.length;
            }
          }
          startResponse('200 OK', [['Content-Type', 'text/plain']]);
          yield enc(String(size));
        })();
      const server = await start(app);
      const head = `--${B}\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n`;
      const tail = `\r\n--${B}--`;
      const file = Buffer.alloc(300_000, 0x61);
      const total = head.length + file.length + tail.length;
      const socket = await connect(server.port);
      await socket.write(
        `POST / HTTP/1.1\r\nHost: a\r\nContent-Type: ${MP}\r\nContent-Length: ${total}\r\n\r\n${head}`,
      );
      await socket.write(file.subarray(0, 100_000));
      const seen = await Promise.race([
        firstBytes.promise.then(() => true),
        sleep(2_000).then(() => false),
      ]);
      expect(seen, H('hand out part bytes as they arrive')).toBe(true);
      await socket.write(file.subarray(100_000));
      await socket.write(tail);
      expect(text(await socket.readResponse())).toBe('300000');
    });
  });

  describe('readForm agrees with busboy where busboy follows the RFC', () => {
    const bodies: Array<[string, Buffer]> = [
      ['fields', buildMultipart(B, [field('a', '1'), field('b', 'two\r\nlines')])],
      [
        'a file with a type',
        buildMultipart(B, [
          {
            head: [
              'Content-Disposition: form-data; name="f"; filename="x.png"',
              'Content-Type: image/png',
            ],
            body: Buffer.from([137, 80, 78, 71, 13, 10]),
          },
        ]),
      ],
      [
        'preamble and epilogue',
        buildMultipart(B, [field('a', 'v')], { preamble: 'pre', epilogue: 'post' }),
      ],
      [
        'a path in a filename',
        buildMultipart(B, [
          { head: ['Content-Disposition: form-data; name="f"; filename="a/b/c.txt"'], body: 'c' },
        ]),
      ],
      [
        'an RFC 5987 filename*',
        buildMultipart(B, [
          {
            head: [`Content-Disposition: form-data; name="f"; filename*=utf-8''%C3%A9t%C3%A9.txt`],
            body: 'e',
          },
        ]),
      ],
    ];
    it.each(bodies)('%s', async (_name, body) => {
      const ours = await collect(formEnviron(MP, body, [13]));
      const theirs = await collectBusboy(MP, body);
      expect(ours).toEqual(theirs);
    });
  });
});
