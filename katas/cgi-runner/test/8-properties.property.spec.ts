import { realpathSync } from 'node:fs';
import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cgiEnvironment,
  isindexArgv,
  mapScript,
  parseCgiResponseHead,
  runCgi,
} from '../src/index.ts';
import { CGI_BIN, cgiRequest, script, specEnv, useNoLeftovers } from './support.ts';

useNoLeftovers();
const DIR = realpathSync(CGI_BIN);

const SKIP = new Set([
  'content-type',
  'content-length',
  'proxy',
  'proxy-authorization',
  'authorization',
  'transfer-encoding',
  'cookie',
]);
const fieldName = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/)
  .filter((n) => !SKIP.has(n.toLowerCase()));
const fieldValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/);

describe('8. Properties', () => {
  it('any set of fields round-trips into HTTP_* (names mapped, repeats joined in order)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 12 }), (headers) => {
        const env = cgiEnvironment(cgiRequest({ headers }));
        const expected = new Map<string, string[]>();
        for (const [name, value] of headers) {
          const key = `HTTP_${name.toUpperCase().replaceAll('-', '_')}`;
          expected.set(key, [...(expected.get(key) ?? []), value]);
        }
        for (const [key, values] of expected) {
          expect(env[key], hint(1, `${key} from ${JSON.stringify(headers)}`)).toBe(
            values.join(', '),
          );
        }
        const mapped = Object.keys(env).filter((k) => k.startsWith('HTTP_'));
        expect(mapped.sort()).toEqual([...expected.keys()].sort());
      }),
      fcParams(200),
    );
  });

  it('any body reaches stdin byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 70_000 }), async (bytes) => {
        const body = Buffer.from(bytes);
        const res = await runCgi(
          script('echo-body.sh'),
          cgiRequest({ method: 'POST', body, scriptName: '/cgi-bin/echo-body.sh' }),
          { env: specEnv() },
        );
        const parts: Buffer[] = [];
        for await (const chunk of res.body) parts.push(Buffer.from(chunk as Buffer));
        expect(
          Buffer.concat(parts).equals(body),
          hint(3, 'write the whole body, then end stdin'),
        ).toBe(true);
      }),
      fcParams(12),
    );
  });

  const segment = fc.oneof(
    fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '.%2e',
      '%2E.',
      '%2f',
      '%5c',
      '%00',
      '%2F..',
      'env-json',
      'sub',
      'inner.sh',
      'hello.sh',
      '',
    ),
    fc.stringMatching(/^[a-z.%0-9]{1,6}$/),
  );
  it('PATH_INFO never escapes: a mapped script is inside the directory and no segment is . or ..', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (segments) => {
        const match = await mapScript(DIR, '/cgi-bin', `/cgi-bin/${segments.join('/')}`);
        if (match.status !== 200) return;
        expect(match.file.startsWith(`${DIR}/`), hint(4, match.file)).toBe(true);
        for (const part of `${match.scriptName}${match.pathInfo}`.split('/')) {
          expect(part === '.' || part === '..', hint(4, `a dot segment in ${match.pathInfo}`)).toBe(
            false,
          );
        }
      }),
      fcParams(300),
    );
  });

  it('any PATH_INFO text survives percent-encoding and mapping unchanged', async () => {
    const text = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 8 })
      .filter((s) => s !== '.' && s !== '..' && !/[/\\\0]/.test(s));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 4 }), async (parts) => {
        const path = `/cgi-bin/env-json/${parts.map(encodeURIComponent).join('/')}`;
        const match = await mapScript(DIR, '/cgi-bin', path);
        expect(match).toMatchObject({ status: 200, pathInfo: `/${parts.join('/')}` });
      }),
      fcParams(150),
    );
  });

  it('any valid head parses back to its fields, with LF or CRLF line ends', () => {
    const extra = fieldName.filter(
      (n) =>
        ![
          'status',
          'location',
          'connection',
          'keep-alive',
          'te',
          'trailer',
          'upgrade',
          'proxy-connection',
        ].includes(n.toLowerCase()),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(extra, fieldValue), { maxLength: 8 }),
        fc.integer({ min: 200, max: 599 }),
        fc.constantFrom('\n', '\r\n'),
        fc.uint8Array({ maxLength: 40 }),
        (fields, status, nl, body) => {
          const lines = [
            `Status: ${status} Reason`,
            'Content-Type: application/x-test',
            ...fields.map(([n, v]) => `${n}: ${v}`),
          ];
          const head = Buffer.from(`${lines.join(nl)}${nl}${nl}`, 'latin1');
          const parsed = parseCgiResponseHead(Buffer.concat([head, body]));
          expect(parsed?.bodyStart, hint(2, 'the body starts after the empty line')).toBe(
            head.length,
          );
          expect(parsed?.head.status).toBe(status);
          expect(parsed?.head.headers).toEqual([['Content-Type', 'application/x-test'], ...fields]);
        },
      ),
      fcParams(200),
    );
  });

  it('a head cut anywhere before its empty line is "more needed", never a result', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 5 }),
        fc.nat(),
        (fields, at) => {
          const text = `Content-Type: text/plain\n${fields.map(([n, v]) => `${n}: ${v}\n`).join('')}\n`;
          const cut = at % text.length;
          expect(parseCgiResponseHead(Buffer.from(text.slice(0, cut)))).toBeUndefined();
        },
      ),
      fcParams(200),
    );
  });

  it('isindexArgv never yields a word starting with "-", whatever the query', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom('-', '%2d', '%2D', '%AD', '+', '=', '%', 'a', 's', '%20'),
            fc.string({ maxLength: 3 }),
          ),
          { maxLength: 8 },
        ),
        (parts) => {
          for (const word of isindexArgv(parts.join(''), 'GET', { isindexArgv: true })) {
            expect(word.startsWith('-'), hint(7, `argv word ${JSON.stringify(word)}`)).toBe(false);
          }
        },
      ),
      fcParams(300),
    );
  });
});
