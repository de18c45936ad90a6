import { expectErrorCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { createApp, FrameworkError } from '../src/index.ts';
import { CookieError } from '../src/prereqs.ts';
import { probe, useApp } from './helpers.ts';

const start = useApp();
const inside = probe(start);

describe('3. Responses', () => {
  describe('status and fields', () => {
    it('sends 200 unless told otherwise', async () => {
      const { answer } = await inside((_req, res) => res.text('x'));
      expect(answer.status, hint(3, 'statusCode starts at 200')).toBe(200);
    });

    it('sends the status set with status()', async () => {
      const { answer } = await inside((_req, res) => res.status(202).text('queued'));
      expect(answer.status, hint(3, 'status() is chainable')).toBe(202);
    });

    it('refuses a status outside 200–599 with ERR_FRAMEWORK_INVALID_STATUS', async () => {
      for (const bad of [99, 100, 199, 600, 200.5, Number.NaN]) {
        const { error } = await inside((_req, res) => res.status(bad));
        expectErrorCode(
          error,
          FrameworkError,
          'ERR_FRAMEWORK_INVALID_STATUS',
          hint(3, `status ${bad}`),
        );
      }
    });

    it('sets, replaces and reads fields in any case', async () => {
      const { value, answer } = await inside((_req, res) => {
        res.setHeader('X-One', 'a').setHeader('x-one', 'b');
        const seen = res.getHeader('X-ONE');
        res.text('x');
        return seen;
      });
      expect(value, hint(3, 'getHeader is case-insensitive')).toBe('b');
      expect(
        answer.headerList.filter(([n]) => n === 'x-one'),
        hint(3, 'setHeader replaces'),
      ).toEqual([['x-one', 'b']]);
    });

    it('appends field lines with appendHeader', async () => {
      const { answer } = await inside((_req, res) => {
        res.appendHeader('X-Many', '1').appendHeader('X-Many', '2');
        res.text('x');
      });
      expect(answer.headerList.filter(([n]) => n === 'x-many').map(([, v]) => v)).toEqual([
        '1',
        '2',
      ]);
    });

    it('removes a field', async () => {
      const { answer, value } = await inside((_req, res) => {
        res.setHeader('X-Gone', '1').removeHeader('x-gone');
        res.text('x');
        return res.getHeader('X-Gone');
      });
      expect(value, hint(3, 'removeHeader')).toBeUndefined();
      expect(answer.headers['x-gone']).toBeUndefined();
    });
  });

  describe('bodies', () => {
    it('sends JSON with application/json and Content-Length', async () => {
      const { answer } = await inside((_req, res) => res.json({ a: 'é', n: [1] }));
      expect(answer.headers['content-type'], hint(3, 'json() sets the type')).toBe(
        'application/json',
      );
      expect(answer.json).toEqual({ a: 'é', n: [1] });
      expect(
        answer.headers['content-length'],
        hint(3, 'the byte length, not the string length'),
      ).toBe(String(Buffer.byteLength('{"a":"é","n":[1]}')));
    });

    it('sends JSON with a status in one call', async () => {
      const { answer } = await inside((_req, res) => res.json({ ok: true }, 201));
      expect(answer.status, hint(3, 'json(value, status)')).toBe(201);
    });

    it('sends text as text/plain; charset=utf-8', async () => {
      const { answer } = await inside((_req, res) => res.text('héllo'));
      expect(answer.headers['content-type'], hint(3, 'text()')).toBe('text/plain; charset=utf-8');
      expect(answer.text).toBe('héllo');
    });

    it('keeps a Content-Type the handler set', async () => {
      const { answer } = await inside((_req, res) => {
        res.setHeader('Content-Type', 'text/csv');
        res.text('a,b');
      });
      expect(answer.headers['content-type'], hint(3, 'do not overwrite the type')).toBe('text/csv');
    });

    it('sends bytes as they are', async () => {
      const { answer } = await inside((_req, res) => res.send(new Uint8Array([0, 1, 255])));
      expect([...answer.body], hint(3, 'send(bytes)')).toEqual([0, 1, 255]);
      expect(answer.headers['content-type']).toBe('application/octet-stream');
    });

    it('sends 204 with no body and no Content-Type from empty()', async () => {
      const { answer } = await inside((_req, res) => res.empty());
      expect(answer.status, hint(3, 'empty() is 204')).toBe(204);
      expect(answer.body.length).toBe(0);
      expect(answer.headers['content-type']).toBeUndefined();
      expect(
        answer.headers['content-length'],
        hint(3, 'a 204 never has Content-Length (RFC 9110 §8.6)'),
      ).toBeUndefined();
    });

    it('refuses a second body with ERR_FRAMEWORK_ALREADY_SENT', async () => {
      const { error, answer } = await inside((_req, res) => {
        res.text('first');
        res.json({ second: true });
      });
      expectErrorCode(error, FrameworkError, 'ERR_FRAMEWORK_ALREADY_SENT', hint(3, 'one body'));
      expect(answer.text).toBe('first');
    });

    it('reports sent once a body is chosen', async () => {
      const { value } = await inside((_req, res) => {
        const before = res.sent;
        res.text('x');
        return [before, res.sent];
      });
      expect(value, hint(3, 'res.sent')).toEqual([false, true]);
    });

    it('streams chunks as they come, chunked, strings as UTF-8', async () => {
      const app = createApp().get('/s', (_req, res) => {
        res.stream(
          (async function* () {
            yield 'one ';
            await new Promise((r) => setTimeout(r, 5));
            yield new TextEncoder().encode('two ');
            yield 'trois é';
          })(),
          'text/plain; charset=utf-8',
        );
      });
      const res = await (await start(app)).get('/s');
      expect(res.text, hint(3, 'stream(iterable, type)')).toBe('one two trois é');
      expect(res.headers['transfer-encoding'], hint(3, 'no length known: chunked')).toBe('chunked');
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    });

    it('streams from a plain iterable too', async () => {
      const { answer } = await inside((_req, res) => res.stream(['a', 'b', 'c'], 'text/plain'));
      expect(answer.text, hint(3, 'sync iterables are fine')).toBe('abc');
    });
  });

  describe('redirects and cookies', () => {
    it('redirects with 302 and Location', async () => {
      const { answer } = await inside((_req, res) => res.redirect('/next?a=1'));
      expect(answer.status, hint(3, 'redirect() is 302 by default')).toBe(302);
      expect(answer.headers.location).toBe('/next?a=1');
    });

    it('redirects with the status given', async () => {
      for (const status of [301, 303, 307, 308]) {
        const { answer } = await inside((_req, res) => res.redirect('/x', status));
        expect(answer.status, hint(3, `redirect(location, ${status})`)).toBe(status);
      }
    });

    it('refuses a non-redirect status with ERR_FRAMEWORK_INVALID_STATUS', async () => {
      const { error } = await inside((_req, res) => res.redirect('/x', 200));
      expectErrorCode(error, FrameworkError, 'ERR_FRAMEWORK_INVALID_STATUS', hint(3, '3xx only'));
    });

    it('percent-encodes non-ASCII characters of the Location', async () => {
      const { answer } = await inside((_req, res) => res.redirect('/café'));
      expect(answer.headers.location, hint(3, 'a field value is ASCII')).toBe('/caf%C3%A9');
    });

    it('sets cookies through the session store’s serializer', async () => {
      const { answer } = await inside((_req, res) => {
        res.setCookie('theme', 'dark', { path: '/', httpOnly: true, sameSite: 'Lax' });
        res.setCookie('lang', 'fr');
        res.text('x');
      });
      const cookies = answer.headerList.filter(([n]) => n === 'set-cookie').map(([, v]) => v);
      expect(cookies, hint(3, 'one Set-Cookie line per cookie, never joined')).toEqual([
        'theme=dark; Path=/; HttpOnly; SameSite=Lax',
        'lang=fr',
      ]);
    });

    it('lets the serializer’s CookieError through for a bad cookie name', async () => {
      const { error } = await inside((_req, res) => res.setCookie('a;b', 'x'));
      expectErrorCode(
        error,
        CookieError,
        'ERR_COOKIE_INVALID_NAME',
        hint(3, 'use serializeSetCookie'),
      );
    });
  });

  describe('edges of the builder', () => {
    it('accepts every status from 200 to 599', async () => {
      for (const status of [200, 299, 599]) {
        const { error, answer } = await inside((_req, res) => res.status(status).text('x'));
        expect(error, hint(3, `status ${status} is valid`)).toBeUndefined();
        expect(answer.status).toBe(status);
      }
    });

    it('sends the reason phrase of the status on the status line (RFC 9110 §15)', async () => {
      const phrases: Array<[number, string]> = [
        [200, 'OK'],
        [201, 'Created'],
        [202, 'Accepted'],
        [204, 'No Content'],
        [206, 'Partial Content'],
        [301, 'Moved Permanently'],
        [302, 'Found'],
        [303, 'See Other'],
        [304, 'Not Modified'],
        [307, 'Temporary Redirect'],
        [308, 'Permanent Redirect'],
      ];
      for (const [status, phrase] of phrases) {
        const { answer } = await inside((_req, res) => res.empty(status));
        expect(answer.reason, hint(3, `the phrase of ${status}`)).toBe(phrase);
      }
    });

    it('sends the fields the handler set and no others of its own', async () => {
      const { answer } = await inside((_req, res) => {
        res.setHeader('X-One', '1');
        res.text('x');
      });
      const framing = [
        'date',
        'server',
        'connection',
        'keep-alive',
        'content-length',
        'transfer-encoding',
      ];
      expect(
        answer.headerList.map(([n]) => n).filter((n) => !framing.includes(n)),
        hint(3, 'the field list starts empty'),
      ).toEqual(['x-one', 'content-type']);
    });

    it('reads a repeated field joined by ", "', async () => {
      const { value } = await inside((_req, res) => {
        res.appendHeader('Vary', 'Origin').appendHeader('vary', 'Accept');
        return res.getHeader('VARY');
      });
      expect(value, hint(3, 'getHeader joins the values')).toBe('Origin, Accept');
    });

    it('removes every line of a repeated field, whatever its case', async () => {
      const { answer } = await inside((_req, res) => {
        res.appendHeader('X-Tag', '1').appendHeader('x-tag', '2').appendHeader('X-Keep', 'k');
        res.removeHeader('X-TAG').text('x');
      });
      expect(answer.headers['x-tag'], hint(3, 'removeHeader removes them all')).toBeUndefined();
      expect(answer.headers['x-keep']).toBe('k');
    });

    it('sends a string through send() as UTF-8 with the status given', async () => {
      const { answer } = await inside((_req, res) => res.send('né', 202));
      expect([...answer.body], hint(3, 'send(string) is UTF-8')).toEqual([0x6e, 0xc3, 0xa9]);
      expect(answer.status).toBe(202);
      expect(answer.headers['content-type']).toBe('application/octet-stream');
    });

    it('streams application/octet-stream unless told otherwise', async () => {
      const { answer } = await inside((_req, res) => res.stream([new Uint8Array([1, 2])]));
      expect(answer.headers['content-type'], hint(3, 'stream() default type')).toBe(
        'application/octet-stream',
      );
      expect([...answer.body]).toEqual([1, 2]);
    });

    it('sends an empty() body with the status given', async () => {
      const { answer } = await inside((_req, res) => res.empty(205));
      expect(answer.status, hint(3, 'empty(status)')).toBe(205);
      expect(answer.body.length).toBe(0);
    });
  });
});
